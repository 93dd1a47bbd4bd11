// main reads between the spawn loop and the join loop, concurrently with the workers' writes.
#include <mutex>
#include <thread>
#include <vector>

std::mutex m;
int finished = 0;

void work() {
  std::lock_guard<std::mutex> lock(m);
  ++finished;  // no finding: locked; the unlocked read in main is the primary side
}

int main() {
  std::vector<std::thread> threads;
  for (int i = 0; i < 3; ++i)
    threads.emplace_back(work);
  int early = finished;  // expect: race-shared-global
  for (auto &t : threads)
    t.join();
  return early + finished > 10;  // no finding: after the join loop
}

// Threads started in a loop with emplace_back run the same entry at once: it races with itself.
#include <thread>
#include <vector>

int counter = 0;

void work() {
  for (int i = 0; i < 100; ++i)
    ++counter;  // expect: race-shared-global
}

int main() {
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back(work);
  for (auto &t : threads)
    t.join();
  return counter > 400;  // no finding: after the join loop
}

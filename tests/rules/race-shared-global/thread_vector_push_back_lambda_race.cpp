// Threads pushed into a vector with push_back(std::thread(lambda)) run the lambda concurrently.
#include <thread>
#include <vector>

int last_id = -1;

int main() {
  std::vector<std::thread> threads;
  for (int i = 0; i < 3; ++i)
    threads.push_back(std::thread([i] { last_id = i; }));  // expect: race-shared-global
  for (std::thread &t : threads)
    t.join();
  return last_id < 0;  // no finding: after the join loop
}

// Accesses before the spawn loop and after the join loop are ordered with every thread.
#include <atomic>
#include <thread>
#include <vector>

int limit = 0;
std::atomic<int> total{0};

void work() { total += limit; }  // no finding: limit is only read while the threads run

int main() {
  limit = 5;  // no finding: before the spawn loop
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back(work);
  for (auto &t : threads)
    t.join();
  limit = 0;  // no finding: after the join loop
  return total == 20 ? 0 : 1;
}

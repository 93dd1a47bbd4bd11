#include <mutex>

int budget = 100;
std::mutex budget_mutex;

void spend(int n) {
  for (int i = 0; i < n; ++i) {
    budget_mutex.lock();  // expect: lock-manual(warning)
    if (i % 2)
      continue;  // the next iteration locks budget_mutex again: deadlock
    --budget;
    budget_mutex.unlock();
  }
}

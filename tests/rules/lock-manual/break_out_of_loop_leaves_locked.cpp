#include <mutex>

int budget = 100;
std::mutex budget_mutex;

void spend(int n) {
  for (int i = 0; i < n; ++i) {
    budget_mutex.lock();  // expect: lock-manual(warning)
    if (budget == 0)
      break;  // out of the loop, and out of the function, still locked
    --budget;
    budget_mutex.unlock();
  }
}

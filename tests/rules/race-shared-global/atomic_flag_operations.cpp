// std::atomic_flag test_and_set/clear from several threads is no race.
#include <atomic>
#include <thread>

std::atomic_flag busy = ATOMIC_FLAG_INIT;
std::atomic<int> entered{0};

void work() {
  for (int i = 0; i < 50; ++i) {
    while (busy.test_and_set(std::memory_order_acquire)) {  // no finding: atomic_flag
    }
    ++entered;
    busy.clear(std::memory_order_release);  // no finding: atomic_flag
  }
}

int main() {
  std::thread a(work);
  std::thread b(work);
  a.join();
  b.join();
  return entered == 100 ? 0 : 1;
}

// A spinlock built on std::atomic_flag: test_and_set with acquire takes it, clear with release gives it back, so the balance is updated under it.
#include <atomic>
#include <cstdio>
#include <thread>

std::atomic_flag busy = ATOMIC_FLAG_INIT;
long balance = 0;

void deposit(long amount, int times) {
  for (int i = 0; i < times; i++) {
    while (busy.test_and_set(std::memory_order_acquire))
      std::this_thread::yield();
    balance += amount;  // no finding: between an acquire test_and_set and a release clear
    busy.clear(std::memory_order_release);
  }
}

int main() {
  std::thread a(deposit, 10, 100);
  std::thread b(deposit, -3, 100);
  a.join();
  b.join();
  std::printf("%ld\n", balance);  // no finding: after the joins
  return 0;
}

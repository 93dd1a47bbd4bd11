// Twin of hb_atomic_flag_spinlock.cpp: the spinlock is released with memory_order_relaxed, so the next holder is not ordered after the previous one's update.
#include <atomic>
#include <cstdio>
#include <thread>

std::atomic_flag busy = ATOMIC_FLAG_INIT;
long balance = 0;

void deposit(long amount, int times) {
  for (int i = 0; i < times; i++) {
    while (busy.test_and_set(std::memory_order_acquire))
      std::this_thread::yield();
    balance += amount;  // expect: race-shared-global
    busy.clear(std::memory_order_relaxed);
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

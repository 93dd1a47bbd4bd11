// A spinlock on std::atomic<bool> taken by compare_exchange_weak (acquire) and given back by a release store; two threads move money between two accounts under it.
#include <atomic>
#include <cstdio>
#include <thread>

std::atomic<bool> locked{false};
long checking = 1000;
long savings = 1000;

void move(long amount, int times) {
  for (int i = 0; i < times; i++) {
    bool expected = false;
    while (!locked.compare_exchange_weak(expected, true, std::memory_order_acquire))
      expected = false;
    checking -= amount;  // no finding: under the spinlock
    savings += amount;   // no finding: under the spinlock
    locked.store(false, std::memory_order_release);
  }
}

int main() {
  std::thread a(move, 5, 200);
  std::thread b(move, -3, 200);
  a.join();
  b.join();
  std::printf("%ld %ld\n", checking, savings);  // no finding: after the joins
  return 0;
}

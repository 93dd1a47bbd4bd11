// Twin of hb_spin_cas_lock.cpp: each thread spins on a flag of its own, so the two never exclude each other.
#include <atomic>
#include <cstdio>
#include <thread>

std::atomic<bool> locked_a{false};
std::atomic<bool> locked_b{false};
long checking = 1000;
long savings = 1000;

void move_a(long amount, int times) {
  for (int i = 0; i < times; i++) {
    bool expected = false;
    while (!locked_a.compare_exchange_weak(expected, true, std::memory_order_acquire))
      expected = false;
    checking -= amount;  // expect: race-shared-global
    savings += amount;   // expect: race-shared-global
    locked_a.store(false, std::memory_order_release);
  }
}

void move_b(long amount, int times) {
  for (int i = 0; i < times; i++) {
    bool expected = false;
    while (!locked_b.compare_exchange_weak(expected, true, std::memory_order_acquire))
      expected = false;
    checking -= amount;  // no finding: the race is reported at the first thread's access
    savings += amount;   // no finding: the race is reported at the first thread's access
    locked_b.store(false, std::memory_order_release);
  }
}

int main() {
  std::thread a(move_a, 5, 200);
  std::thread b(move_b, -3, 200);
  a.join();
  b.join();
  std::printf("%ld %ld\n", checking, savings);  // no finding: after the joins
  return 0;
}

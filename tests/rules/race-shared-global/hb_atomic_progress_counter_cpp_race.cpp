// Twin of hb_atomic_progress_counter_cpp.cpp: the increment is relaxed, so seeing the count says nothing of the slots.
#include <atomic>
#include <cstdio>
#include <thread>

constexpr int kSlots = 64;
std::atomic<int> filled{0};
long slots[kSlots];

void producer() {
  for (int i = 0; i < kSlots; i++) {
    slots[i] = (long)i * i;  // expect: race-shared-global
    filled.fetch_add(1, std::memory_order_relaxed);
  }
}

int main() {
  std::thread t(producer);
  while (filled.load(std::memory_order_acquire) < kSlots)
    std::this_thread::yield();
  long sum = 0;
  for (int i = 0; i < kSlots; i++)
    sum += slots[i];  // no finding: the race is reported on the write
  std::printf("%ld\n", sum);
  t.join();
  return 0;
}

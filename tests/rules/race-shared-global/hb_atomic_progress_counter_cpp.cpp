// The worker fills each slot, then counts it with a release fetch_add; main spins with acquire loads until the count reaches the total, then reads every slot.
#include <atomic>
#include <cstdio>
#include <thread>

constexpr int kSlots = 64;
std::atomic<int> filled{0};
long slots[kSlots];

void producer() {
  for (int i = 0; i < kSlots; i++) {
    slots[i] = (long)i * i;  // no finding: published by the increment after it
    filled.fetch_add(1, std::memory_order_release);
  }
}

int main() {
  std::thread t(producer);
  while (filled.load(std::memory_order_acquire) < kSlots)
    std::this_thread::yield();
  long sum = 0;
  for (int i = 0; i < kSlots; i++)
    sum += slots[i];  // no finding: the load saw the last increment, which follows every write
  std::printf("%ld\n", sum);
  t.join();
  return 0;
}

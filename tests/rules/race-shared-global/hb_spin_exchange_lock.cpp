// A spinlock taken by exchange(true, acquire) until it returns false, given back by store(false, release); two threads add samples to shared totals.
#include <atomic>
#include <cstdio>
#include <thread>

std::atomic<bool> busy{false};
long sample_sum = 0;
int sample_count = 0;

void record(int base) {
  for (int i = 0; i < 200; i++) {
    while (busy.exchange(true, std::memory_order_acquire))
      std::this_thread::yield();
    sample_sum += base + i;             // no finding: under the spinlock
    ++sample_count;                    // no finding: under the spinlock
    busy.store(false, std::memory_order_release);
  }
}

int main() {
  std::thread a(record, 0);
  std::thread b(record, 1000);
  a.join();
  b.join();
  std::printf("%d samples, sum %ld\n", sample_count, sample_sum);  // no finding: after the joins
  return 0;
}

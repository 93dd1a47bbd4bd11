// Twin of hb_atomic_counter_spin.cpp: scan_max increments the counter before it writes its result, so main may read it before the write.
#include <atomic>
#include <cstdio>
#include <thread>

std::atomic<int> finished{0};
long min_latency = 0;
long max_latency = 0;

void scan_min() {
  min_latency = 3;  // no finding: published by the release increment below
  finished.fetch_add(1, std::memory_order_release);
}

void scan_max() {
  finished.fetch_add(1, std::memory_order_release);
  max_latency = 97;  // expect: race-shared-global
}

int main() {
  std::thread a(scan_min);
  std::thread b(scan_max);
  while (finished.load(std::memory_order_acquire) != 2)
    std::this_thread::yield();
  std::printf("%ld..%ld\n", min_latency, max_latency);  // no finding: racy read of max_latency, but the finding goes on the write
  a.join();
  b.join();
  return 0;
}

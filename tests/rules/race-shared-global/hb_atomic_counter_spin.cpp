// Ad-hoc synchronisation on a counter: each worker writes its result, then increments `finished` with release; main spins until the counter reaches 2 with acquire loads.
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
  max_latency = 97;  // no finding: published by the release increment below
  finished.fetch_add(1, std::memory_order_release);
}

int main() {
  std::thread a(scan_min);
  std::thread b(scan_max);
  while (finished.load(std::memory_order_acquire) != 2)
    std::this_thread::yield();
  std::printf("%ld..%ld\n", min_latency, max_latency);  // no finding: the acquire load read the value of both increments
  a.join();
  b.join();
  return 0;
}

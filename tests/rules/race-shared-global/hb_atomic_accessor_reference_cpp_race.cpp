// Twin of hb_atomic_accessor_reference_cpp.cpp: a worker reports itself idle before it writes its
// output, so the main thread may read the output while it is written.
#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

constexpr int Workers = 3;
static std::atomic<unsigned> busy[Workers];
static long output[Workers];

static unsigned state_of(std::atomic<unsigned> &slot) { return slot.load(std::memory_order_acquire); }
static void set_state(std::atomic<unsigned> &slot, unsigned value) {
  slot.store(value, std::memory_order_release);
}

int main() {
  for (int w = 0; w < Workers; ++w)
    set_state(busy[w], 1);
  std::vector<std::thread> threads;
  for (int w = 0; w < Workers; ++w)
    threads.emplace_back([w] {
      while (state_of(busy[w]) == 0)
        std::this_thread::yield();
      set_state(busy[w], 0);
      output[w] = 10L * w;  // expect: race-shared-global
    });
  while (true) {
    unsigned working = 0;
    for (int w = 0; w < Workers; ++w)
      working += state_of(busy[w]);
    if (working == 0)
      break;
    std::this_thread::yield();
  }
  long sum = 0;
  for (int w = 0; w < Workers; ++w)
    sum += output[w];
  std::printf("%ld\n", sum);
  for (auto &t : threads)
    t.join();
  return 0;
}

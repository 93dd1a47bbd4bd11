// The C++ form: `while (true)` around a test of a std::atomic<bool> that breaks out; the worker
// publishes its result with a release store. Race-free.
// Racy twin: hb_spin_while_true_break_cpp_race.cpp (the store is relaxed).
#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

static std::atomic<bool> done{false};
static std::vector<int> results;

int main() {
  std::thread worker([] {
    for (int i = 0; i < 100; ++i)
      results.push_back(i * i);
    done.store(true, std::memory_order_release);
  });
  while (true) {
    if (done.load(std::memory_order_acquire))
      break;
    std::this_thread::yield();
  }
  std::printf("%zu\n", results.size());  // no finding: the loop was left only once done was seen
  worker.join();
  return 0;
}

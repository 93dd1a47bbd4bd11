// Twin of hb_spin_while_true_break_cpp.cpp: the flag is stored relaxed, which publishes nothing:
// the results read after the loop race with the pushes.
#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

static std::atomic<bool> done{false};
static std::vector<int> results;

int main() {
  std::thread worker([] {
    for (int i = 0; i < 100; ++i)
      results.push_back(i * i);  // expect: race-shared-global
    done.store(true, std::memory_order_relaxed);
  });
  while (true) {
    if (done.load(std::memory_order_acquire))
      break;
    std::this_thread::yield();
  }
  std::printf("%zu\n", results.size());
  worker.join();
  return 0;
}

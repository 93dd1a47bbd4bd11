#include <thread>

void work(int) {}

void run(int n) {
  for (int i = 0; i < n; ++i) {
    std::thread t(work, i);  // expect-fixed: thread-not-joined
    if (i % 2)
      continue;
    t.join();
  }
}

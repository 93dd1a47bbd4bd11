// A global passed by value to std::thread is read (copied) by the spawning thread before the start.
#include <atomic>
#include <thread>

int seed = 7;
std::atomic<int> out{0};

void work(int s) { out = s * 3; }

int main() {
  std::thread t(work, seed);  // no finding: seed is read here, in main, before the thread starts
  seed = 8;  // no finding: the thread works on its own copy
  t.join();
  return out == 21 ? 0 : 1;
}

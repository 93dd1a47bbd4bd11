// Each loop iteration starts and joins its thread, so the threads never overlap.
#include <thread>

int counter = 0;

void work() { counter += 1; }  // no finding: each thread is joined before the next starts

int main() {
  for (int i = 0; i < 3; ++i) {
    std::thread t(work);
    t.join();
  }
  return counter == 3 ? 0 : 1;  // no finding: after the last join
}

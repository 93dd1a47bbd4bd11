#include <atomic>
#include <thread>

std::atomic<bool> done{false};
void work() {}

void run() {
  while (true) {
    std::thread t(work);  // expect: thread-not-joined
    if (done)
      break;
    t.join();
  }
}

#include <thread>

void work() {}

void run(bool wait) {
  std::thread t(work);  // expect: thread-not-joined
  if (wait)
    t.join();
}

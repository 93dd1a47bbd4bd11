#include <condition_variable>
#include <mutex>

std::mutex m;
std::condition_variable cv;
bool ready = false;
int polls = 0;

void poll() {
  if (m.try_lock()) {  // no finding: try_lock is not lock()
    ++polls;
    m.unlock();
  }
}

void wait_ready() {
  std::unique_lock<std::mutex> lk(m);  // no finding
  cv.wait(lk, [] { return ready; });
}

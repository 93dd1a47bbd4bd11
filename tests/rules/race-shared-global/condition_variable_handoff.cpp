// A producer/consumer hand-off with a condition variable: the mutex and condition_variable objects themselves are no race.
#include <condition_variable>
#include <mutex>
#include <thread>

std::mutex m;
std::condition_variable cv;
bool ready = false;
int payload = 0;

void producer() {
  {
    std::lock_guard<std::mutex> lock(m);
    payload = 42;  // no finding: under m
    ready = true;  // no finding: under m
  }
  cv.notify_one();  // no finding: condition_variable operations are thread-safe
}

void consumer() {
  std::unique_lock<std::mutex> lock(m);
  cv.wait(lock, [] { return ready; });  // no finding: the predicate runs with m held
  payload += 1;  // no finding: under m
}

int main() {
  std::thread c(consumer);
  std::thread p(producer);
  p.join();
  c.join();
  return payload == 43 ? 0 : 1;
}

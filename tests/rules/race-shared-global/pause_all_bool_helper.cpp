// C++: pause_all(true) locks and pause_all(false) unlocks a std::mutex; the worker and main both
// bracket their accesses with the pair, so the global is protected.
#include <mutex>
#include <thread>

std::mutex pause_mutex;
int active_streams = 0;

static void pause_all(bool on) {
  if (on)
    pause_mutex.lock();
  else
    pause_mutex.unlock();
}

int main() {
  std::thread worker([] {
    for (int i = 0; i < 50; ++i) {
      pause_all(true);
      active_streams += 2;  // no finding: between pause_all(true) and pause_all(false)
      pause_all(false);
    }
  });
  pause_all(true);
  active_streams -= 1;  // no finding: between pause_all(true) and pause_all(false)
  pause_all(false);
  worker.join();
  return active_streams == 99 ? 0 : 1;  // no finding: after the join
}

// try_lock_for holds the mutex only when it returns true; the false branch calls a [[noreturn]] function, so the updates after the if run with the mutex held.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>

std::timed_mutex stats_mutex;
long requests = 0;

[[noreturn]] void fatal(const char *what) {
  std::fprintf(stderr, "fatal: %s\n", what);
  std::abort();
}

void record_requests(int n) {
  for (int i = 0; i < n; i++) {
    if (!stats_mutex.try_lock_for(std::chrono::seconds(5)))
      fatal("stats mutex stuck");
    ++requests;  // no finding: stats_mutex is held; the branch where try_lock_for failed ended in fatal()
    stats_mutex.unlock();
  }
}

void reset_requests() {
  if (!stats_mutex.try_lock_for(std::chrono::seconds(5)))
    fatal("stats mutex stuck");
  requests = 0;  // no finding: stats_mutex is held, as above
  stats_mutex.unlock();
}

int main() {
  std::thread a(record_requests, 100);
  std::thread b(reset_requests);
  a.join();
  b.join();
  std::printf("%ld\n", requests);  // no finding: after the joins
  return 0;
}

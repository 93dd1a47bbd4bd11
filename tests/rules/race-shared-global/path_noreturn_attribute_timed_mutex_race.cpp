// Twin of path_noreturn_attribute_timed_mutex.cpp: reset_requests takes another mutex, so nothing excludes it from record_requests.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>

std::timed_mutex stats_mutex;
std::timed_mutex admin_mutex;
long requests = 0;

[[noreturn]] void fatal(const char *what) {
  std::fprintf(stderr, "fatal: %s\n", what);
  std::abort();
}

void record_requests(int n) {
  for (int i = 0; i < n; i++) {
    if (!stats_mutex.try_lock_for(std::chrono::seconds(5)))
      fatal("stats mutex stuck");
    ++requests;  // expect: race-shared-global
    stats_mutex.unlock();
  }
}

void reset_requests() {
  if (!admin_mutex.try_lock_for(std::chrono::seconds(5)))
    fatal("admin mutex stuck");
  requests = 0;  // no finding: the pair's other write (both locked, both write): the earlier line is primary
  admin_mutex.unlock();
}

int main() {
  std::thread a(record_requests, 100);
  std::thread b(reset_requests);
  a.join();
  b.join();
  std::printf("%ld\n", requests);  // no finding: after the joins
  return 0;
}

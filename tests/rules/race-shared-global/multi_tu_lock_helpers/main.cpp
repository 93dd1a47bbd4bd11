#include "stats.h"
#include <thread>

void count() {
  for (int i = 0; i < 1000; ++i) {
    stats_lock();
    ++hits;  // no finding: the helper in stats.cpp holds stats_mutex
    stats_unlock();
  }
}

void count_sometimes(bool locked) {
  if (locked)
    stats_lock();
  ++hits;  // expect: race-shared-global
  if (locked)
    stats_unlock();
}

int main() {
  std::thread a(count), b(count), c(count_sometimes, false);
  a.join();
  b.join();
  c.join();
}

// Locks have identity: the two threads hold different mutexes, so nothing excludes them.
#include <mutex>
#include <thread>

std::mutex mutex_a;
std::mutex mutex_b;
int shared_total = 0;

void via_a() {
  std::lock_guard<std::mutex> lock(mutex_a);
  shared_total += 1;  // expect: race-shared-global
}

void via_b() {
  std::lock_guard<std::mutex> lock(mutex_b);
  shared_total += 2;  // no finding: the pair's other write (both locked, both write): the earlier line is primary
}

int main() {
  std::thread a(via_a);
  std::thread b(via_b);
  a.join();
  b.join();
  return shared_total == 3 ? 0 : 1;
}

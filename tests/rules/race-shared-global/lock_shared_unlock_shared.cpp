// Explicit lock_shared()/unlock_shared() for readers and lock()/unlock() for the writer: no race.
#include <atomic>
#include <shared_mutex>
#include <thread>

std::shared_mutex rw;
int limit = 10;
std::atomic<int> sum{0};

void reader() {
  rw.lock_shared();
  sum += limit;  // no finding: readers share; the writer holds rw exclusively
  rw.unlock_shared();
}

void writer() {
  rw.lock();
  limit = 20;  // no finding: exclusive lock
  rw.unlock();
}

int main() {
  std::thread r1(reader);
  std::thread r2(reader);
  std::thread w(writer);
  r1.join();
  r2.join();
  w.join();
  return sum >= 20 ? 0 : 1;
}

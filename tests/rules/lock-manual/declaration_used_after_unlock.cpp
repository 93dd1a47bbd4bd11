#include <mutex>

int hits = 0;
std::mutex hits_mutex;

int record() {
  hits_mutex.lock();  // expect: lock-manual(info)
  int seen = ++hits;
  hits_mutex.unlock();
  return seen;  // seen is used after the unlock: a guard's braces would hide it, no fix
}

#include <mutex>

std::recursive_mutex rm;
int depth = 0;

void nested(int n) {
  for (int i = 0; i < n; ++i) {
    rm.lock();  // expect: lock-manual(warning)
    if (i % 2)
      continue;  // locking a recursive_mutex again is allowed (still a manual lock: reported once)
    ++depth;
    rm.unlock();
  }
}

#include <mutex>

long total = 0;
std::mutex m;

void add_bounded(long step, long n, long limit) {
  for (long i = 0; i < n; ++i) {
    m.lock();  // expect-fixed: lock-manual(warning)
    if (total > limit)
      return;  // leaves m locked: the next add_bounded() waits forever
    total = total + step;
    m.unlock();
  }
}

// The seed's L.acquire() / L.release() around the shared update.
#include <mutex>

long total = 0;
std::mutex m;

void add(long step, long n) {
  for (long i = 0; i < n; ++i) {
    m.lock();  // expect-fixed: lock-manual(info)
    total = total + step;
    m.unlock();
  }
}

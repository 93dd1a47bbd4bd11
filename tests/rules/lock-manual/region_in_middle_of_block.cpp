#include <cstdio>
#include <mutex>

int hits = 0;
std::mutex hits_mutex;

void record(int n) {
  int before = n * 2;
  hits_mutex.lock();  // expect-fixed: lock-manual(info)
  int seen = hits;
  hits = seen + before;
  hits_mutex.unlock();
  std::printf("%d\n", before);
}

// Fix case across TUs: `extern long processed;` in the header and `long processed = 0;` here
// both become std::atomic<long> (each file gets #include <atomic>); the accesses stay as written.
#include <thread>
#include "counter.h"

long processed = 0;

int main() {
  std::thread a(work, 1);
  std::thread b(work, 2);
  a.join();
  b.join();
  return processed == 15000 ? 0 : 1;  // no finding: after both joins
}

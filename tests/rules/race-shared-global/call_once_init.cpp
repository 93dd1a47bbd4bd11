// Initialisation guarded by std::call_once is ordered before every caller's later reads.
#include <mutex>
#include <thread>

std::once_flag once;
int base = 0;

void init() { base = 100; }  // no finding: runs once, inside call_once

int lookup(int x) {
  std::call_once(once, init);
  return base + x;  // no finding: after call_once, which orders it after init
}

int main() {
  std::thread a(lookup, 1);
  std::thread b(lookup, 2);
  a.join();
  b.join();
  return base == 100 ? 0 : 1;
}

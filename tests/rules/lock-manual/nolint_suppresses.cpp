#include <mutex>

int value = 0;
std::mutex m;

void f() {
  m.lock();  // NOLINT(concur-lock-manual)
  ++value;
  m.unlock();
}

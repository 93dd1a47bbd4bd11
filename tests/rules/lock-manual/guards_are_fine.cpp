#include <mutex>
#include <shared_mutex>

int value = 0;
std::mutex m;
std::shared_mutex sm;

void a() {
  std::lock_guard<std::mutex> g(m);  // no finding
  ++value;
}

void b() {
  std::unique_lock<std::mutex> lk(m);  // no finding: the guard's own unlock() and lock()
  ++value;
  lk.unlock();
  lk.lock();
  ++value;
}

int c() {
  std::shared_lock<std::shared_mutex> lk(sm);  // no finding
  return value;
}

void d(std::mutex &other) {
  std::lock(m, other);  // no finding: adopted by guards
  std::lock_guard<std::mutex> g1(m, std::adopt_lock);
  std::lock_guard<std::mutex> g2(other, std::adopt_lock);
  ++value;
}

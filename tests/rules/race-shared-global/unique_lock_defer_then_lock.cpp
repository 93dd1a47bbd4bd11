// A unique_lock built with defer_lock protects from its lock() on; a unique_lock that locks at construction, until its scope ends.
#include <mutex>
#include <thread>

std::mutex m;
int jobs = 0;

void worker() {
  int prepared = 3;
  std::unique_lock<std::mutex> lk(m, std::defer_lock);
  lk.lock();
  jobs += prepared;  // no finding: locked by lk.lock()
}

void auditor() {
  std::unique_lock<std::mutex> lk(m);
  jobs -= 1;  // no finding: locked since the unique_lock's construction
}

int main() {
  std::thread a(worker);
  std::thread b(worker);
  std::thread c(auditor);
  a.join();
  b.join();
  c.join();
  return jobs == 5 ? 0 : 1;
}

// unique_lock::unlock() ends the protection early: the increment after it is unprotected.
#include <mutex>
#include <thread>

std::mutex m;
int jobs = 0;

void worker() {
  std::unique_lock<std::mutex> lk(m);
  ++jobs;  // no finding: still locked; the unlocked increment is the primary side
  lk.unlock();
  ++jobs;  // expect: race-shared-global
}

int main() {
  std::thread a(worker);
  std::thread b(worker);
  a.join();
  b.join();
  return jobs == 4 ? 0 : 1;  // no finding: after both joins
}

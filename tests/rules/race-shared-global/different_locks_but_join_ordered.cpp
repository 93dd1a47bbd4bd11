// Accesses under different mutexes do not race when a join orders them.
#include <mutex>
#include <thread>

std::mutex m1;
std::mutex m2;
int total = 0;

void phase1() {
  std::lock_guard<std::mutex> lock(m1);
  total += 1;  // no finding: phase1's thread is joined before phase2's starts
}

void phase2() {
  std::lock_guard<std::mutex> lock(m2);
  total += 2;  // no finding: different mutex, but ordered after phase1 by the join
}

int main() {
  std::thread a(phase1);
  a.join();
  std::thread b(phase2);
  b.join();
  return total == 3 ? 0 : 1;
}

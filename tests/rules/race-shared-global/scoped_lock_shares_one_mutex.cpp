// scoped_lock(m1, m2) holds both: a thread holding only m2 still excludes it on the data m2 guards.
#include <mutex>
#include <thread>

std::mutex m1;
std::mutex m2;
int first = 0;
int second = 0;

void both() {
  std::scoped_lock lock(m1, m2);
  ++first;  // no finding: every access to first holds m1
  ++second;  // no finding: every access to second holds m2
}

void only_second() {
  std::lock_guard<std::mutex> lock(m2);
  second += 10;  // no finding: m2 is held here and by scoped_lock in both()
}

int main() {
  std::thread a(both);
  std::thread b(both);
  std::thread c(only_second);
  a.join();
  b.join();
  c.join();
  return first == 2 && second == 12 ? 0 : 1;
}

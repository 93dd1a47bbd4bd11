// A lock_guard protects only its scope: the read after the closing brace is unprotected.
#include <mutex>
#include <thread>

std::mutex m;
int sum = 0;

int record(int v) {
  {
    std::lock_guard<std::mutex> lock(m);
    sum += v;  // no finding: every write to sum holds m; the unlocked read is the primary side
  }
  return sum;  // expect: race-shared-global
}

int main() {
  std::thread a(record, 1);
  std::thread b(record, 2);
  a.join();
  b.join();
  return sum == 3 ? 0 : 1;  // no finding: after both joins
}

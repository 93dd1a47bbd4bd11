// A std::recursive_mutex held (twice, through a nested call) around every access: no race.
#include <mutex>
#include <thread>

std::recursive_mutex m;
int depth_total = 0;

void inner() {
  std::lock_guard<std::recursive_mutex> lock(m);
  depth_total += 2;  // no finding: m held (recursively)
}

void outer() {
  std::lock_guard<std::recursive_mutex> lock(m);
  depth_total += 1;  // no finding: m held
  inner();
}

int main() {
  std::thread a(outer);
  std::thread b(outer);
  a.join();
  b.join();
  return depth_total == 6 ? 0 : 1;
}

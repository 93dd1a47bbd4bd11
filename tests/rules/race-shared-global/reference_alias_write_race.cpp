// A write through a local reference bound to a global (int& r = g) is a write to the global.
#include <thread>

int level = 0;

void raise_level() {
  int &r = level;
  r = 5;  // expect: race-shared-global
}

int main() {
  std::thread t(raise_level);
  int seen = level;  // no finding: racy read, but the finding goes on the write through r
  t.join();
  return seen + level == 0;  // no finding: after join
}

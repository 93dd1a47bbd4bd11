// A captureless lambda is stored in a variable and handed to std::thread; main modifies the same
// global while the thread is still running.
#include <thread>

int stock = 100;

int main() {
  auto refill = [] {
    for (int i = 0; i < 10; ++i)
      stock += 10;  // expect: race-shared-global
  };
  std::thread t(refill);
  stock -= 1;  // no finding: the other write of the pair; the earlier line (in refill) is primary
  t.join();
  return stock == 199 ? 0 : 1;  // no finding: after the join
}

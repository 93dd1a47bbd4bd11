// Two thread lambdas ([&] capture, global named directly) write the same global: one finding, at the earlier write.
#include <thread>

int flag = 0;

int main() {
  std::thread a([&] { flag = 1; });  // expect: race-shared-global
  std::thread b([&] { flag = 2; });  // no finding: the pair's other unprotected write; the earlier line is primary
  a.join();
  b.join();
  return flag == 0;  // no finding: after both joins
}

// A thread lambda captures by reference ([&]) a local reference bound to a global, and writes through it.
#include <thread>

long balance = 100;

int main() {
  long &account = balance;
  std::thread t([&] { account -= 30; });  // expect: race-shared-global
  balance += 50;  // no finding: the pair's other unprotected write; the earlier line (the lambda) is primary
  t.join();
  return balance == 120 ? 0 : 1;  // no finding: after join
}

// A function-local static counter incremented by two threads races.
#include <thread>

int next_id() {
  static int counter = 0;  // no finding: constant initialisation, no write at run time
  return ++counter;  // expect: race-shared-global
}

int main() {
  std::thread a(next_id);
  std::thread b(next_id);
  a.join();
  b.join();
  return next_id() == 3 ? 0 : 1;
}

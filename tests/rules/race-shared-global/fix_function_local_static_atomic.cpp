// Fix case: a function-local static counter incremented by two threads becomes a
// function-local `static std::atomic<int>`; `return ++counter;` works on the atomic as written.
#include <thread>

int next_id() {
  static int counter = 0;  // no finding: constant initialisation, no write at run time
  return ++counter;  // expect-fixed: race-shared-global
}

void take_ids() {
  for (int i = 0; i < 5000; ++i)
    next_id();
}

int main() {
  std::thread a(take_ids);
  std::thread b(take_ids);
  a.join();
  b.join();
  return next_id() == 10001 ? 0 : 1;
}

// Fix case: a function-local static std::vector filled by two threads. The mutex is a
// function-local static too, declared right after it, and guards the racing statement.
#include <thread>
#include <vector>

void remember(int value) {
  static std::vector<int> seen;
  seen.push_back(value);  // expect-fixed: race-shared-global
}

void worker(int base) {
  for (int i = 0; i < 1000; ++i)
    remember(base + i);
}

int main() {
  std::thread a(worker, 0);
  std::thread b(worker, 1000);
  a.join();
  b.join();
  return 0;
}

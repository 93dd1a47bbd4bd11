// A const reference to a shared_ptr does not make what it points to const: both threads write
// the Counter through it.
#include <cstdio>
#include <memory>
#include <thread>

struct Counter {
  long hits = 0;
};

void record(const std::shared_ptr<Counter> &counter) {
  for (int i = 0; i < 100000; ++i)
    counter->hits += 2;  // expect: race-shared-global
}

int main() {
  auto counter = std::make_shared<Counter>();
  std::thread a([counter] { record(counter); });
  std::thread b([counter] { record(counter); });
  a.join();
  b.join();
  std::printf("%ld\n", counter->hits);
  return 0;
}

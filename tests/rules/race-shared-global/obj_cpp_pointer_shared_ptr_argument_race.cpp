// Two threads each get a copy of one shared_ptr: the copies share the Counter, whose control
// block is thread-safe but whose fields are not.
#include <cstdio>
#include <memory>
#include <thread>

struct Counter {
  long hits = 0;
};

void record(std::shared_ptr<Counter> counter) {
  for (int i = 0; i < 100000; ++i)
    counter->hits++;  // expect: race-shared-global
}

int main() {
  auto counter = std::make_shared<Counter>();
  std::thread a(record, counter);
  std::thread b(record, counter);
  a.join();
  b.join();
  std::printf("%ld\n", counter->hits);
  return 0;
}

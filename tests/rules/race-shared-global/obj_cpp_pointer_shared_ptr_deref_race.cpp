// `(*counter).hits` is the same field as `counter->hits`: the thread reads it while main writes.
#include <cstdio>
#include <memory>
#include <thread>

struct Counter {
  long hits = 0;
};

int main() {
  auto counter = std::make_shared<Counter>();
  std::thread reader([counter] {
    long seen = (*counter).hits;
    std::printf("%ld\n", seen);
  });
  (*counter).hits = 42;  // expect: race-shared-global
  reader.join();
  return 0;
}

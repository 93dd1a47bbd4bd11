// Main writes the Counter before the thread starts and after it is joined: never at once.
#include <cstdio>
#include <memory>
#include <thread>

struct Counter {
  long hits = 0;
};

int main() {
  auto counter = std::make_shared<Counter>();
  counter->hits = 5;  // no finding: before the start
  std::thread worker([counter] { counter->hits *= 2; });
  worker.join();
  counter->hits += 1;  // no finding: after the join
  std::printf("%ld\n", counter->hits);
  return 0;
}

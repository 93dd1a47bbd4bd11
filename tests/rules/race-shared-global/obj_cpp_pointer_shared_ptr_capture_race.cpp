// A shared_ptr copied into the thread's lambda is another handle on the same Counter: the thread
// and main both increment its field with no lock.
#include <cstdio>
#include <memory>
#include <thread>

struct Counter {
  long hits = 0;
};

int main() {
  auto counter = std::make_shared<Counter>();
  std::thread worker([counter] { counter->hits++; });  // expect: race-shared-global
  counter->hits++;
  worker.join();
  std::printf("%ld\n", counter->hits);
  return 0;
}

// Each iteration makes its own Counter and hands it to its own thread: no two threads share one.
#include <cstdio>
#include <memory>
#include <thread>
#include <vector>

struct Counter {
  long hits = 0;
};

int main() {
  std::vector<std::thread> threads;
  std::vector<std::shared_ptr<Counter>> all;
  for (int i = 0; i < 4; ++i) {
    auto counter = std::make_shared<Counter>();
    all.push_back(counter);
    threads.emplace_back([counter] { counter->hits++; });  // no finding: its own Counter
  }
  for (auto &t : threads)
    t.join();
  long total = 0;
  for (auto &c : all)
    total += c->hits;
  std::printf("%ld\n", total);
  return 0;
}

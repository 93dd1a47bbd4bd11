// One Counter shared by four threads: its plain field under its mutex, its atomic field alone.
#include <atomic>
#include <cstdio>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

struct Counter {
  std::mutex lock;
  long hits = 0;
  std::atomic<long> misses{0};
};

int main() {
  auto counter = std::make_shared<Counter>();
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([counter] {
      std::lock_guard<std::mutex> guard(counter->lock);
      counter->hits++;  // no finding: under the Counter's mutex
      counter->misses++;
    });
  for (auto &t : threads)
    t.join();
  std::printf("%ld %ld\n", counter->hits, counter->misses.load());
  return 0;
}

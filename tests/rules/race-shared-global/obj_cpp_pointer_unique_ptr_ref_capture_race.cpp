// A unique_ptr captured by reference: the thread reaches main's object through it.
#include <cstdio>
#include <memory>
#include <thread>

struct Stats {
  long bytes = 0;
};

int main() {
  auto stats = std::make_unique<Stats>();
  std::thread worker([&stats] { stats->bytes += 512; });  // expect: race-shared-global
  stats->bytes += 64;
  worker.join();
  std::printf("%ld\n", stats->bytes);
  return 0;
}

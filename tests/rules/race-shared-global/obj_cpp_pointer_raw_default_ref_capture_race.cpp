// `[&]` captures the pointer by reference; the object it points to is main's too.
#include <cstdio>
#include <thread>

struct Stats {
  long bytes = 0;
};

int main() {
  Stats *stats = new Stats;
  std::thread worker([&] { stats->bytes += 512; });  // expect: race-shared-global
  stats->bytes += 64;
  worker.join();
  std::printf("%ld\n", stats->bytes);
  delete stats;
  return 0;
}

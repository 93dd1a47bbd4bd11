// A raw pointer captured by copy: the lambda's copy points to the same heap object as main's.
#include <cstdio>
#include <thread>

struct Stats {
  long bytes = 0;
};

int main() {
  Stats *stats = new Stats;
  std::thread worker([stats] { stats->bytes += 512; });  // expect: race-shared-global
  stats->bytes += 64;
  worker.join();
  std::printf("%ld\n", stats->bytes);
  delete stats;
  return 0;
}

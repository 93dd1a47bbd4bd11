// The cache warmer is started in one arm of an if/else or the other: the two starts are exclusive, so one warmer thread runs.
#include <cstdio>
#include <thread>
#include <vector>

std::vector<std::thread> warmers;
long warmed = 0;

void warm(int entries) {
  for (int i = 0; i < entries; i++)
    ++warmed;  // no finding: only one warmer thread is ever started
}

void start_warmer(int entries) { warmers.emplace_back(warm, entries); }

int main(int argc, char **) {
  if (argc < 2)
    start_warmer(100);
  else
    start_warmer(1000);
  for (auto &t : warmers)
    t.join();
  std::printf("%ld\n", warmed);  // no finding: after the joins
  return 0;
}

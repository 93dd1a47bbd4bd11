// Twin of path_exclusive_branches_start_cpp.cpp: without the else, both start_warmer() calls run, and two warmer threads update `warmed` at once.
#include <cstdio>
#include <thread>
#include <vector>

std::vector<std::thread> warmers;
long warmed = 0;

void warm(int entries) {
  for (int i = 0; i < entries; i++)
    ++warmed;  // expect: race-shared-global
}

void start_warmer(int entries) { warmers.emplace_back(warm, entries); }

int main(int argc, char **) {
  if (argc < 2)
    start_warmer(100);
  start_warmer(1000);
  for (auto &t : warmers)
    t.join();
  std::printf("%ld\n", warmed);  // no finding: after the joins
  return 0;
}

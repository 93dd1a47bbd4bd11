// Hand-written for `run.py --self-test` only: a parallel version of programs/cpu_heavy_loop.cpp that
// lets the script's build, run and compare steps be tested without concur-lint. It is NOT the
// output of concur-lint's rewrite; the benchmark itself always runs the tool.
#include <cstdio>
#include <numeric>
#include <vector>

#include <concur/algorithms.h>

#ifndef BENCH_ITEMS
#define BENCH_ITEMS 1500
#endif

unsigned long cpu_heavy(unsigned long x) {
  unsigned long count = 0;
  for (unsigned long i = 0; i < x * x; ++i) count += (i * i) ^ (count >> 3);
  return count;
}

int main() {
  std::vector<unsigned long> numbers(BENCH_ITEMS);
  std::iota(numbers.begin(), numbers.end(), 0);

  std::vector<unsigned long> results(numbers.size());
  concur::ThreadPool pool;
  concur::for_each_index(pool, std::size_t{0}, numbers.size(), [&](std::size_t i) {
    results[i] = cpu_heavy(numbers[i]);
  });

  unsigned long checksum = 0;
  for (unsigned long r : results) checksum = checksum * 31 + r;
  std::printf("%zu results, checksum %lu\n", results.size(), checksum);
}

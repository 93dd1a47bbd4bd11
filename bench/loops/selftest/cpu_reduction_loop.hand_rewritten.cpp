// Hand-written for `run.py --self-test` only (see cpu_heavy_loop.hand_rewritten.cpp): NOT the
// output of concur-lint. Runs the terms on a process pool, to test that path of the script too.
#include <cmath>
#include <cstdio>
#include <ranges>

#include <concur/algorithms.h>

#ifndef BENCH_ITEMS
#define BENCH_ITEMS 1000
#endif

double simulate(int i) {
  double value = 0.0;
  long steps = 1000L * (i % 97 + 1) + 20L * i;
  for (long k = 1; k <= steps; ++k) value += std::sin(value + static_cast<double>(k)) / static_cast<double>(k);
  return value * 1e12 + i;
}

int main() {
  concur::ProcessPool pool;
  double total = concur::map_reduce(pool, std::views::iota(0, BENCH_ITEMS), 0.0, simulate);
  std::printf("total %.17g\n", total);
}

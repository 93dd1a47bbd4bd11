// bench/loops: the shape of shared/examples/07_cpu_heavy_loop.cpp, with enough work to time. A
// CPU-bound function mapped over a range, each result stored at its own index; loop-parallelizable
// rewrites the loop onto the runtime. BENCH_ITEMS sets the size (the self-test makes it small).
#include <cstdio>
#include <numeric>
#include <vector>

#ifndef BENCH_ITEMS
#define BENCH_ITEMS 1500
#endif

// x*x steps, each depending on the previous one: no vectorization, no closed form.
unsigned long cpu_heavy(unsigned long x) {
  unsigned long count = 0;
  for (unsigned long i = 0; i < x * x; ++i) count += (i * i) ^ (count >> 3);
  return count;
}

int main() {
  std::vector<unsigned long> numbers(BENCH_ITEMS);
  std::iota(numbers.begin(), numbers.end(), 0);

  std::vector<unsigned long> results(numbers.size());
  for (std::size_t i = 0; i < numbers.size(); ++i)
    results[i] = cpu_heavy(numbers[i]);

  unsigned long checksum = 0;
  for (unsigned long r : results) checksum = checksum * 31 + r;  // far too cheap to be worth a thread
  std::printf("%zu results, checksum %lu\n", results.size(), checksum);
}

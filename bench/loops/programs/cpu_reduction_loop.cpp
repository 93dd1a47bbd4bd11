// bench/loops: a CPU-bound function summed over an index range, in doubles. The rewrite must give
// the serial sum bit for bit (the results are combined in the loop's order), which the output's 17
// significant digits check. BENCH_ITEMS sets the size.
#include <cmath>
#include <cstdio>

#ifndef BENCH_ITEMS
#define BENCH_ITEMS 1000
#endif

// A slowly converging series whose length grows with i; each term depends on the previous sum.
double simulate(int i) {
  double value = 0.0;
  long steps = 1000L * (i % 97 + 1) + 20L * i;
  for (long k = 1; k <= steps; ++k) value += std::sin(value + static_cast<double>(k)) / static_cast<double>(k);
  return value * 1e12 + i;  // magnitudes that make the sum depend on the order of the additions
}

int main() {
  double total = 0.0;
  for (int i = 0; i < BENCH_ITEMS; ++i)
    total += simulate(i);
  std::printf("total %.17g\n", total);
}

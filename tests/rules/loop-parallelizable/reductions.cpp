// Reductions on a scalar (+= *= std::min std::max; && || in reductions_logical.cpp), combined left to right by
// concur::map_reduce: floating-point sums equal the serial loop's.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

double integrate(double a) {
  double s = 0;
  for (int k = 1; k <= 4000; ++k) s += a / (k * k + a);
  return s;
}

long heavy(long x) {
  long s = 0;
  for (long k = 0; k < 2500; ++k) s += (x * 7 + k) % 13;
  return s;
}

int main() {
  std::vector<double> xs{0.5, 1.25, 2.0, 3.75, 5.5, 8.0, 13.25};

  double total = 0.1;
  for (double x : xs)  // expect-fixed: loop-parallelizable
    total += integrate(x);

  double product = 1.0;
  for (std::size_t i = 0; i < xs.size(); ++i) {  // expect-fixed: loop-parallelizable
    double v = integrate(xs[i]);
    product *= 1.0 + v;
  }

  long lowest = 1000000;
  for (int i = 0; i < 20; ++i)  // expect-fixed: loop-parallelizable
    lowest = std::min(lowest, heavy(i + 3));

  long highest = -1;
  std::vector<long> primes{4, 8, 15, 16, 23, 42};
  for (long x : primes)  // expect-fixed: loop-parallelizable
    highest = std::max(highest, heavy(x));

  int intSum = 0;
  for (int i = 0; i < 10; ++i)  // expect-fixed: loop-parallelizable
    intSum += static_cast<int>(heavy(i));

  long acc = 1;
  for (int i = 0; i < 10; ++i)  // carried: acc depends on the previous iteration
    acc = acc * 3 + heavy(i);

  long twice = 0;
  for (int i = 0; i < 10; ++i)  // reads the reduction: not reported
    twice += heavy(i) + twice % 5;

  long s1 = 0, s2 = 0;
  for (int i = 0; i < 10; ++i) {  // two reductions: not reported
    s1 += heavy(i);
    s2 += i;
  }

  long minus = 100;
  for (int i = 0; i < 10; ++i)  // -= is not a recognised reduction
    minus -= heavy(i);

  long cheap = 0;
  for (int i = 0; i < 100; ++i) cheap += i * i;  // no call: far too cheap

  std::printf("%.17g %.17g %ld %ld %d %ld %ld %ld %ld %ld %ld\n", total, product, lowest, highest, intSum,
              acc, twice, s1, s2, minus, cheap);
}

// A helper taking a non-const reference adds to it: every iteration passes the shared sum.
#include <cstdio>
static void accumulate(long &acc, int v) {
  acc += v; // expect: race-openmp
}
int main() {
  long sum = 0;
  #pragma omp parallel for
  for (int i = 0; i < 1000; i++)
    accumulate(sum, i);
  std::printf("%ld\n", sum);
}

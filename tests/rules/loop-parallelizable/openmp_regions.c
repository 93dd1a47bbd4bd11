/* A loop already inside an OpenMP parallel region runs on the region's threads: it is not
   reported again (its races are race-openmp's): the loop facts leave out the code of OpenMP
   regions (clang's CapturedStmt). The same loop outside a region is reported. */
#include <stdio.h>

long heavy(long x) {
  long s = 0;
  for (long k = 0; k < x * 1000; ++k) s += k % 7;
  return s;
}

void fill_parallel(long *restrict out, const long *restrict in, int n) {
  #pragma omp parallel for
  for (int i = 0; i < n; ++i)
    out[i] = heavy(in[i]);
}

void fill_in_region(long *restrict out, const long *restrict in, int n) {
  #pragma omp parallel
  {
    #pragma omp for
    for (int i = 0; i < n; ++i)
      out[i] = heavy(in[i]);
    #pragma omp single
    for (int i = 0; i < n; ++i)
      out[i] += heavy(in[i]);
  }
}

void fill(long *restrict out, const long *restrict in, int n) {
  for (int i = 0; i < n; ++i)  // expect: loop-parallelizable
    out[i] = heavy(in[i]);
}

int main(void) {
  long a[8] = {1, 2, 3, 4, 5, 6, 7, 8}, b[8];
  fill_parallel(b, a, 8);
  fill_in_region(b, a, 8);
  fill(b, a, 8);
  printf("%ld\n", b[0]);
  return 0;
}

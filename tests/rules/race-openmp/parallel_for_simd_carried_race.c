// `parallel for simd` over a recurrence: iterations are both threads and lanes.
#include <stdio.h>
int main(void) {
  static long a[1000];
  a[0] = 1;
  #pragma omp parallel for simd
  for (int i = 1; i < 1000; i++)
    a[i] = a[i - 1] + i; // expect: race-openmp
  printf("%ld\n", a[999]);
  return 0;
}

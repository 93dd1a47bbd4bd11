// Per-thread accumulators indexed by omp_get_thread_num() inside a worksharing loop.
#include <omp.h>
#include <stdio.h>
int a[1000];
long acc[64];
int main(void) {
  for (int i = 0; i < 1000; i++)
    a[i] = i;
  #pragma omp parallel num_threads(4)
  {
    #pragma omp for
    for (int i = 0; i < 1000; i++)
      acc[omp_get_thread_num()] += a[i];
  }
  long s = 0;
  for (int t = 0; t < 64; t++)
    s += acc[t];
  printf("%ld\n", s);
  return 0;
}

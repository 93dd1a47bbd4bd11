// masked (the primary thread), then a barrier, then every thread reads.
#include <stdio.h>
int main(void) {
  int seed = 0, sum = 0;
  #pragma omp parallel num_threads(4) reduction(+:sum)
  {
    #pragma omp masked
    seed = 3;
    #pragma omp barrier
    sum += seed;
  }
  printf("%d\n", sum % 3);
  return 0;
}

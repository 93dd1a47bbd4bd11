// `master` has no barrier of its own; the explicit one orders the write before the reads.
#include <stdio.h>
int main(void) {
  int ready = 0, sum = 0;
  #pragma omp parallel num_threads(4) reduction(+:sum)
  {
    #pragma omp master
    ready = 7;
    #pragma omp barrier
    sum += ready;
  }
  printf("%d\n", sum % 7);
  return 0;
}

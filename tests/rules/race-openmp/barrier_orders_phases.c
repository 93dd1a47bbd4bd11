// Atomic updates, then a barrier, then plain reads: the barrier orders every update before
// every read.
#include <stdio.h>
int main(void) {
  int hits = 0, sum = 0;
  #pragma omp parallel num_threads(4) reduction(+:sum)
  {
    #pragma omp atomic
    hits++;
    #pragma omp barrier
    sum += hits;
  }
  printf("%d\n", sum > 0);
  return 0;
}

// Without a barrier the other threads read `ready` while the primary thread writes it.
#include <stdio.h>
int main(void) {
  int ready = 0, sum = 0;
  #pragma omp parallel num_threads(4) reduction(+:sum)
  {
    #pragma omp master
    ready = 7; // expect: race-openmp
    sum += ready;
  }
  printf("%d\n", sum >= 0);
  return 0;
}

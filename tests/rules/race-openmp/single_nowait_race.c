// `single nowait` drops the barrier: the other threads read `config` while one writes it.
#include <stdio.h>
int main(void) {
  int config = 0, sum = 0;
  #pragma omp parallel num_threads(4) reduction(+:sum)
  {
    #pragma omp single nowait
    config = 42; // expect: race-openmp
    sum += config;
  }
  printf("%d\n", sum >= 0);
  return 0;
}

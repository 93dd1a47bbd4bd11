// Two sections run on different threads and both write `result`.
#include <stdio.h>
int main(void) {
  int result = 0;
  #pragma omp parallel sections num_threads(2)
  {
    #pragma omp section
    result = 1; // expect: race-openmp
    #pragma omp section
    result = 2;
  }
  printf("%d\n", result > 0);
  return 0;
}

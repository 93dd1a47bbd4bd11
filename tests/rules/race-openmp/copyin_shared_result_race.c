// The threadprivate copy is each thread's own, but the result they all store is shared.
#include <stdio.h>
static int base;
#pragma omp threadprivate(base)
int main(void) {
  int result = 0;
  base = 5;
  #pragma omp parallel num_threads(4) copyin(base)
  {
    base += 1;
    result = base; // expect: race-openmp
  }
  printf("%d\n", result);
  return 0;
}

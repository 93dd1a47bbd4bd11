// Two sibling tasks update `x` with no depend clause between them.
#include <stdio.h>
int main(void) {
  int x = 0;
  #pragma omp parallel num_threads(4)
  #pragma omp single
  {
    #pragma omp task shared(x)
    x += 1; // expect: race-openmp
    #pragma omp task shared(x)
    x += 2;
    #pragma omp taskwait
  }
  printf("%d\n", x);
  return 0;
}

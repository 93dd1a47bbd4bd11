// `single` ends with a barrier: every thread reads the value after it is written.
#include <stdio.h>
int main(void) {
  int config = 0, use[64] = {0};
  #pragma omp parallel num_threads(4)
  {
    #pragma omp single
    config = 42;
    int me = config;
    #pragma omp critical
    use[0] += me;
  }
  printf("%d\n", use[0] % 42);
  return 0;
}

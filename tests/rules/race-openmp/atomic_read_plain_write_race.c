// An `atomic read` does not protect against a plain write by another thread.
#include <stdio.h>
int main(void) {
  int level = 0, seen = 0;
  #pragma omp parallel sections num_threads(2)
  {
    #pragma omp section
    for (int k = 0; k < 1000; k++)
      level = k; // expect: race-openmp
    #pragma omp section
    for (int k = 0; k < 1000; k++) {
      int v;
      #pragma omp atomic read
      v = level;
      seen |= v;
    }
  }
  printf("%d\n", seen >= 0);
  return 0;
}

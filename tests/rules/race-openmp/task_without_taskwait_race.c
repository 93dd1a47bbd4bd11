// The creator reads `x` while the task it created may still be writing it.
#include <stdio.h>
int main(void) {
  int x = 0, y = 0;
  #pragma omp parallel num_threads(4)
  #pragma omp single
  {
    #pragma omp task shared(x)
    x = 10; // expect: race-openmp
    for (volatile int spin = 0; spin < 1000000; spin++)
      ;  // time for another thread to take the task
    y = x + 1;
  }
  printf("%d\n", y > 0);
  return 0;
}

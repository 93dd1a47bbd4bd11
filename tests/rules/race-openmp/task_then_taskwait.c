// The creator reads the task's result after taskwait.
#include <stdio.h>
int main(void) {
  int x = 0, y = 0;
  #pragma omp parallel num_threads(4)
  #pragma omp single
  {
    #pragma omp task shared(x)
    x = 10;
    #pragma omp taskwait
    y = x + 1;
  }
  printf("%d\n", y);
  return 0;
}

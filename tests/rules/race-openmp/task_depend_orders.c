// depend(out: x) then depend(in: x): the second task runs after the first.
#include <stdio.h>
int main(void) {
  int x = 0, y = 0;
  #pragma omp parallel num_threads(4)
  #pragma omp single
  {
    #pragma omp task shared(x) depend(out: x)
    x = 10;
    #pragma omp task shared(x, y) depend(in: x)
    y = x + 1;
    #pragma omp taskwait
  }
  printf("%d\n", y);
  return 0;
}

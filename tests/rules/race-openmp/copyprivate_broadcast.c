// One thread reads a value in a `single`, and copyprivate gives it to every thread's private
// copy at the end of the single.
#include <omp.h>
#include <stdio.h>
int main(void) {
  static int out[4];
  #pragma omp parallel num_threads(4)
  {
    int size;
    #pragma omp single copyprivate(size)
    size = 1000;
    int me = omp_get_thread_num();
    out[me] = size;
  }
  printf("%d\n", out[0]);
  return 0;
}

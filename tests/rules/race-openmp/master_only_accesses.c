// Only the primary thread touches `log_count`, in two master constructs: one thread.
#include <stdio.h>
int main(void) {
  int log_count = 0;
  #pragma omp parallel num_threads(4)
  {
    #pragma omp master
    log_count = 1;
    #pragma omp master
    log_count += 2;
  }
  printf("%d\n", log_count);
  return 0;
}

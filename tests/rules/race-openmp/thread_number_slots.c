// Each thread writes the slot of its own number; after the barrier one thread reads them all.
#include <omp.h>
#include <stdio.h>
int main(void) {
  long partial[64] = {0}, total = 0;
  #pragma omp parallel num_threads(4)
  {
    int me = omp_get_thread_num();
    partial[me] = (me + 1) * 10;
    #pragma omp barrier
    #pragma omp single
    for (int t = 0; t < omp_get_num_threads(); t++)
      total += partial[t];
  }
  printf("%ld\n", total);
  return 0;
}

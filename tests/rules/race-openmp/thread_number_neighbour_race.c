// Each thread writes its own slot and reads its neighbour's with no barrier between.
#include <omp.h>
#include <stdio.h>
int slot[65];
int main(void) {
  long seen = 0;
  #pragma omp parallel num_threads(4) reduction(+:seen)
  {
    int me = omp_get_thread_num();
    slot[me] = me + 1; // expect: race-openmp
    seen += slot[me + 1];
  }
  printf("%d\n", seen >= 0);
  return 0;
}

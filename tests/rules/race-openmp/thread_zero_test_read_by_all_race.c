// Thread 0 sets a limit that every thread reads, with no barrier between: the primary thread's
// test is not a `single` (no implicit barrier).
#include <omp.h>
#include <stdio.h>
int main(void) {
  int limit = 0;
  long total = 0;
  #pragma omp parallel num_threads(4) reduction(+:total)
  {
    if (omp_get_thread_num() == 0)
      limit = 100; // expect: race-openmp
    total += limit;
  }
  printf("%ld\n", total >= 0);
  return 0;
}

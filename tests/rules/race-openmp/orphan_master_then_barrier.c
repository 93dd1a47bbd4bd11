// A helper publishes a value from the primary thread and then waits at an orphaned barrier:
// every thread reads it only after that barrier.
#include <stdio.h>
static int limit;
static void publish_limit(void) {
  #pragma omp master
  limit = 64;
  #pragma omp barrier
}
int main(void) {
  long total = 0;
  #pragma omp parallel num_threads(4) reduction(+:total)
  {
    publish_limit();
    total += limit;
  }
  printf("%ld\n", total);
  return 0;
}

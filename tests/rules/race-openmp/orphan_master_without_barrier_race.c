// The same helper without its barrier: the other threads read the value while the primary
// thread may still be writing it.
#include <stdio.h>
static int limit;
static void publish_limit(void) {
  #pragma omp master
  limit = 64; // expect: race-openmp
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

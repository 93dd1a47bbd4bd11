// Atomic updates with release, but every thread also reads the counter plainly in the same
// phase: the plain read races with the other threads' updates.
#include <stdio.h>
int main(void) {
  long count = 0, seen = 0;
  #pragma omp parallel num_threads(4) reduction(+:seen)
  {
    for (int k = 0; k < 100; k++) {
      #pragma omp atomic update release
      count += 1; // expect: race-openmp
      seen += count > 0;
    }
  }
  printf("%ld %ld\n", count, seen);
  return 0;
}

// A helper called by every thread of a region updates a global inside an orphaned critical.
#include <stdio.h>
static long events;
static void record(int weight) {
  #pragma omp critical
  events += weight;
}
int main(void) {
  #pragma omp parallel num_threads(4)
  {
    for (int k = 0; k < 100; k++)
      record(k);
  }
  printf("%ld\n", events);
  return 0;
}

// A plain helper called from a parallel region: every thread increments the global.
#include <stdio.h>
static long calls;
static void note_call(void) {
  calls++; // expect: race-openmp
}
int main(void) {
  #pragma omp parallel num_threads(4)
  {
    for (int k = 0; k < 1000; k++)
      note_call();
  }
  printf("%ld\n", calls);
  return 0;
}

// A helper adds to the variable its pointer parameter points to: every iteration passes the
// same shared total.
#include <stdio.h>
static void add_to(long *acc, long v) {
  *acc += v; // expect: race-openmp
}
int main(void) {
  long total = 0;
  #pragma omp parallel for
  for (int i = 0; i < 1000; i++)
    add_to(&total, i);
  printf("%ld\n", total);
  return 0;
}

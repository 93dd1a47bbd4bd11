// A helper counting its calls in a function-local static: one variable for every thread.
#include <stdio.h>
static int next_id(void) {
  static int last;
  return ++last; // expect: race-openmp
}
int main(void) {
  static int ids[1000];
  #pragma omp parallel for
  for (int i = 0; i < 1000; i++)
    ids[i] = next_id();
  printf("%d\n", ids[0] > 0);
  return 0;
}

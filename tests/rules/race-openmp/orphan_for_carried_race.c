// An orphaned `omp for` whose iteration i reads the element iteration i + 1 writes.
#include <stdio.h>
static int v[1000];
static void shift_left(void) {
  #pragma omp for
  for (int i = 0; i < 999; i++)
    v[i] = v[i + 1]; // expect: race-openmp
}
int main(void) {
  for (int i = 0; i < 1000; i++)
    v[i] = i;
  #pragma omp parallel
  shift_left();
  printf("%d\n", v[0]);
  return 0;
}

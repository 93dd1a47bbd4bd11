// Through a pointer parameter: iteration i reads p[i + 1], which iteration i + 1 writes.
#include <stdio.h>
static void shift(int *p, int n) {
  #pragma omp parallel for
  for (int i = 0; i < n - 1; i++)
    p[i] = p[i + 1]; // expect: race-openmp
}
int main(void) {
  int v[1000];
  for (int i = 0; i < 1000; i++)
    v[i] = i;
  shift(v, 1000);
  printf("%d\n", v[0]);
  return 0;
}

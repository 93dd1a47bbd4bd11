// a[i] read and written by iteration i only: the same element, the same iteration.
#include <stdio.h>
double a[1000];
int main(void) {
  #pragma omp parallel for
  for (int i = 0; i < 1000; i++)
    a[i] = a[i] * 2.0 + i;
  printf("%f\n", a[10]);
  return 0;
}

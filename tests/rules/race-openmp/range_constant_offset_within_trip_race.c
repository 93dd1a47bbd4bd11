// Reads 300 elements ahead in a 500-iteration loop: iteration i reads what iteration i + 300
// writes.
#include <stdio.h>
int main(void) {
  static int a[1000];
  for (int i = 0; i < 1000; i++)
    a[i] = i;
  #pragma omp parallel for
  for (int i = 0; i < 500; i++)
    a[i] = a[i + 300]; // expect: race-openmp
  printf("%d\n", a[0]);
  return 0;
}

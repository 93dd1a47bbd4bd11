// Iteration i (i < n) reads a[i] and writes a[i + n]: the elements read are [0, n), the ones
// written [n, 2n), so no iteration writes what another touches.
#include <stdio.h>
static void mirror(int *a, int n) {
  #pragma omp parallel for
  for (int i = 0; i < n; i++)
    a[i + n] = a[i];
}
int main(void) {
  static int a[2000];
  for (int i = 0; i < 1000; i++)
    a[i] = i;
  mirror(a, 1000);
  printf("%d\n", a[1999]);
  return 0;
}

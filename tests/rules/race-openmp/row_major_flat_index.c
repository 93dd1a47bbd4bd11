// a[i * n + j]: row i of a flat matrix, one row per iteration.
#include <stdio.h>
#include <stdlib.h>
int main(void) {
  int n = 64;
  int *a = malloc(sizeof(int) * n * n);
  #pragma omp parallel for
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++)
      a[i * n + j] = i - j;
  printf("%d\n", a[n * n - 1]);
  free(a);
  return 0;
}

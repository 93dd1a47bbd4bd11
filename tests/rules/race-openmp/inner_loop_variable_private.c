// private(j) makes the inner loop's variable each thread's own.
#include <stdio.h>
int m[100][100];
int main(void) {
  int i, j;
  #pragma omp parallel for private(j)
  for (i = 0; i < 100; i++)
    for (j = 0; j < 100; j++)
      m[i][j] = i + j;
  printf("%d\n", m[99][99]);
  return 0;
}

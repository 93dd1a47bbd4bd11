// Only the parallel loop's own variable is private: `j`, declared before the region, is
// shared by every thread running the inner loop.
#include <stdio.h>
int m[100][100];
int main(void) {
  int i, j;
  #pragma omp parallel for
  for (i = 0; i < 100; i++)
    for (j = 0; j < 100; j++) // expect: race-openmp
      m[i][j] = i + j;
  printf("%d\n", m[99][99]);
  return 0;
}

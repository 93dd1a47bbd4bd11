// The outer loop is parallel and each row reads the row before it.
#include <stdio.h>
int m[100][100];
int main(void) {
  for (int j = 0; j < 100; j++)
    m[0][j] = j;
  #pragma omp parallel for
  for (int i = 1; i < 100; i++)
    for (int j = 0; j < 100; j++)
      m[i][j] = m[i - 1][j] + 1; // expect: race-openmp
  printf("%d\n", m[99][99]);
  return 0;
}

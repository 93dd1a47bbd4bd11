// collapse(2): iteration (i, j) reads m[i][j + 1], which iteration (i, j + 1) writes.
#include <stdio.h>
int m[10][61];
int main(void) {
  #pragma omp parallel for collapse(2)
  for (int i = 0; i < 10; i++)
    for (int j = 0; j < 60; j++)
      m[i][j] = m[i][j + 1] + 1; // expect: race-openmp
  printf("%d\n", m[0][0]);
  return 0;
}

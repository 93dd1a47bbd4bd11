// One task per (i, j), each writing its own element m[i][j].
#include <stdio.h>
int m[50][20];
int main(void) {
  #pragma omp parallel num_threads(4)
  #pragma omp single
  for (int i = 0; i < 50; i++)
    for (int j = 0; j < 20; j++) {
      #pragma omp task
      m[i][j] = i * j;
    }
  printf("%d\n", m[49][19]);
  return 0;
}

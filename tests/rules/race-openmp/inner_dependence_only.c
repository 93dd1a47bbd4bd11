// The dependence is along the inner, sequential loop: each row stays in one iteration.
#include <stdio.h>
int m[100][100];
int main(void) {
  #pragma omp parallel for
  for (int i = 0; i < 100; i++) {
    m[i][0] = i;
    for (int j = 1; j < 100; j++)
      m[i][j] = m[i][j - 1] + 1;
  }
  printf("%d\n", m[99][99]);
  return 0;
}

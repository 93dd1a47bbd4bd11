// collapse(2) over independent elements.
#include <stdio.h>
int m[64][64], n[64][64];
int main(void) {
  #pragma omp parallel for collapse(2)
  for (int i = 0; i < 64; i++)
    for (int j = 0; j < 64; j++)
      m[i][j] = n[i][j] + i * j;
  printf("%d\n", m[63][63]);
  return 0;
}

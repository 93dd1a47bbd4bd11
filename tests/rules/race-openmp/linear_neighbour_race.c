// linear(k): out[k + 1] in iteration i is out[k] of iteration i + 1.
#include <stdio.h>
int main(void) {
  static int out[1001];
  int k = 0;
  #pragma omp parallel for linear(k)
  for (int i = 0; i < 1000; i++) {
    out[k + 1] = out[k] + 1; // expect: race-openmp
    k++;
  }
  printf("%d\n", out[1000]);
  return 0;
}

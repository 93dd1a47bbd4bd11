// Without the linear clause, k is shared: every iteration reads and increments it.
#include <stdio.h>
int main(void) {
  static int out[1000];
  int k = 0;
  #pragma omp parallel for
  for (int i = 0; i < 1000; i++) {
    out[k] = 3 * i; // expect: race-openmp
    k++; // expect: race-openmp
  }
  printf("%d\n", out[999]);
  return 0;
}

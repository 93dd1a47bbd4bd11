// linear(k): k is private and equals its value before the loop plus the iteration's number;
// each iteration writes its own element out[k].
#include <stdio.h>
int main(void) {
  static int out[1000];
  int k = 0;
  #pragma omp parallel for linear(k)
  for (int i = 0; i < 1000; i++) {
    out[k] = 3 * i;
    k++;
  }
  printf("%d %d\n", out[999], k);
  return 0;
}

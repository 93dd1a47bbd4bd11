// The element each iteration writes is named through a private variable computed from the
// loop variable (k = 2 * i + 1): still the iteration's own.
#include <stdio.h>
int main(void) {
  static int out[2000];
  #pragma omp parallel for
  for (int i = 0; i < 1000; i++) {
    int k = 2 * i + 1;
    out[k] = i;
    out[k - 1] = -i;
  }
  printf("%d %d\n", out[1999], out[1998]);
  return 0;
}

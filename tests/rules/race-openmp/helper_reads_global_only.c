// A helper reads a global configuration and computes in its own locals.
#include <stdio.h>
static int scale = 3;
static int offset = 7;
static int transform(int x) {
  int y = x * scale;
  y += offset;
  return y;
}
int main(void) {
  static int out[1000];
  #pragma omp parallel for
  for (int i = 0; i < 1000; i++)
    out[i] = transform(i);
  printf("%d\n", out[999]);
  return 0;
}

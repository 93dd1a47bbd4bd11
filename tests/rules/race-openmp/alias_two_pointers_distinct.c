// Two local pointers to two different arrays: what one writes the other never reads.
#include <stdio.h>
int main(void) {
  static int in[1001], out[1000];
  for (int i = 0; i < 1001; i++)
    in[i] = i;
  int *dst = out;
  const int *src = in;
  #pragma omp parallel for
  for (int i = 0; i < 1000; i++)
    dst[i] = src[i + 1];
  printf("%d\n", out[0]);
  return 0;
}

// Two local pointers to the same array: iteration i reads through one the element iteration
// i + 1 writes through the other.
#include <stdio.h>
int main(void) {
  static int buf[1001];
  for (int i = 0; i < 1001; i++)
    buf[i] = i;
  int *dst = buf;
  int *src = buf;
  #pragma omp parallel for
  for (int i = 0; i < 1000; i++)
    dst[i] = src[i + 1]; // expect: race-openmp
  printf("%d\n", buf[0]);
  return 0;
}

// firstprivate(offset): each thread starts from a copy of the value before the region.
#include <stdio.h>
int out[1000];
int main(void) {
  int offset = 5;
  #pragma omp parallel for firstprivate(offset)
  for (int i = 0; i < 1000; i++) {
    offset += 1;
    out[i] = offset;
  }
  printf("%d\n", out[0] > 5);
  return 0;
}

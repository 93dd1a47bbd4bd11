// Shared data that the region only reads.
#include <stdio.h>
int table[256];
int main(void) {
  for (int i = 0; i < 256; i++)
    table[i] = i * i;
  long s = 0;
  int scale = 3;
  #pragma omp parallel for reduction(+:s)
  for (int i = 0; i < 1000; i++)
    s += table[i % 256] * scale;
  printf("%ld\n", s);
  return 0;
}

// hist[key[i]]++: two iterations with the same key update the same bin.
#include <stdio.h>
int key[1000], hist[16];
int main(void) {
  for (int i = 0; i < 1000; i++)
    key[i] = (i * 7) % 16;
  #pragma omp parallel for
  for (int i = 0; i < 1000; i++)
    hist[key[i]]++; // expect-fixed: race-openmp
  printf("%d\n", hist[3]);
  return 0;
}

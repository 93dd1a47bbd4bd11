// A simd loop reducing into a reduction variable: each lane has its own partial sum.
#include <stdio.h>
int main(void) {
  static float v[1024];
  for (int i = 0; i < 1024; i++)
    v[i] = 0.5f;
  float s = 0;
  #pragma omp simd reduction(+:s)
  for (int i = 0; i < 1024; i++)
    s += v[i];
  printf("%f\n", s);
  return 0;
}

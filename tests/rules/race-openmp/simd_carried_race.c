// simd lanes run iterations together: a[i + 1] = a[i] carries a dependence of distance 1.
#include <stdio.h>
float a[1024];
int main(void) {
  for (int i = 0; i < 1024; i++)
    a[i] = (float)i;
  #pragma omp simd
  for (int i = 0; i < 1023; i++)
    a[i + 1] = a[i] * 0.5f; // expect: race-openmp
  printf("%f\n", a[1023]);
  return 0;
}

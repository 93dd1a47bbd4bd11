// simd with safelen(8) but a dependence distance of 4: lanes i and i + 4 run together.
#include <stdio.h>
int main(void) {
  static int a[1004];
  for (int i = 0; i < 1004; i++)
    a[i] = i;
  #pragma omp simd safelen(8)
  for (int i = 0; i < 1000; i++)
    a[i + 4] = a[i] + 1; // expect: race-openmp
  printf("%d\n", a[1003]);
  return 0;
}

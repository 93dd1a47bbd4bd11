// simd with safelen(4): at most 4 consecutive iterations run as lanes together, and the
// dependence distance is 4, so no two lanes of one chunk touch the same element.
#include <stdio.h>
int main(void) {
  static int a[1004];
  for (int i = 0; i < 1004; i++)
    a[i] = i;
  #pragma omp simd safelen(4)
  for (int i = 0; i < 1000; i++)
    a[i + 4] = a[i] + 1;
  printf("%d\n", a[1003]);
  return 0;
}

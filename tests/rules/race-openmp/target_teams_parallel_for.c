// A target region run on the host: `target teams distribute parallel for` over independent
// elements, with map clauses.
#include <stdio.h>
int main(void) {
  static double a[1000], b[1000];
  for (int i = 0; i < 1000; i++)
    a[i] = i;
  #pragma omp target teams distribute parallel for map(to: a) map(from: b)
  for (int i = 0; i < 1000; i++)
    b[i] = a[i] * 2.0;
  printf("%f\n", b[999]);
  return 0;
}

// A helper writes the element its caller's iteration names, through a pointer parameter.
#include <stdio.h>
static void halve(double *p, int k) {
  p[k] = p[k] / 2.0;
}
int main(void) {
  static double data[1000];
  for (int i = 0; i < 1000; i++)
    data[i] = i;
  #pragma omp parallel for
  for (int i = 0; i < 1000; i++)
    halve(data, i);
  printf("%f\n", data[999]);
  return 0;
}

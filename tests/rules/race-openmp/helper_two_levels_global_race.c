// A region calls a helper that calls another, which writes a global every call.
#include <stdio.h>
static double last_value;
static void remember(double v) {
  last_value = v; // expect: race-openmp
}
static double square(double v) {
  remember(v);
  return v * v;
}
int main(void) {
  static double out[1000];
  #pragma omp parallel for
  for (int i = 0; i < 1000; i++)
    out[i] = square(i);
  printf("%f %d\n", out[999], last_value >= 0);
  return 0;
}

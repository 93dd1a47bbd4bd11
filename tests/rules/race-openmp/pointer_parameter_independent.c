// Through pointer parameters, each iteration its own element.
#include <stdio.h>
static void scale(double *out, const double *in, int n, double k) {
  #pragma omp parallel for
  for (int i = 0; i < n; i++)
    out[i] = in[i] * k;
}
int main(void) {
  double in[1000], out[1000];
  for (int i = 0; i < 1000; i++)
    in[i] = i;
  scale(out, in, 1000, 0.5);
  printf("%f\n", out[999]);
  return 0;
}

// A function with a parallel loop over two pointer parameters, called with the same array
// for both: iteration i reads the element iteration i + 1 writes.
#include <stdio.h>
static void step(int *out, const int *in, int n) {
  #pragma omp parallel for
  for (int i = 0; i < n; i++)
    out[i] = in[i + 1] + 1; // expect: race-openmp
}
int main(void) {
  static int buf[1001];
  for (int i = 0; i < 1001; i++)
    buf[i] = i;
  step(buf, buf, 1000);
  printf("%d\n", buf[0]);
  return 0;
}

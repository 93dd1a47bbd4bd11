// A recursive helper called from a parallel loop: it only uses its parameters and locals.
#include <stdio.h>
static long fib(int n) {
  if (n < 2)
    return n;
  long a = fib(n - 1);
  long b = fib(n - 2);
  return a + b;
}
int main(void) {
  static long out[24];
  #pragma omp parallel for schedule(dynamic)
  for (int i = 0; i < 24; i++)
    out[i] = fib(i);
  printf("%ld\n", out[23]);
  return 0;
}

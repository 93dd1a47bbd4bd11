/* In C, an independent loop is reported without a fix: the runtime's executors are C++, and a
   lambda in a .c file would not compile. (.fixed equals the source: no fix is offered.) */
#include <stdlib.h>

long heavy(long x) {
  long s = 0;
  for (long k = 0; k < x * 1000; ++k) s += k % 7;
  return s;
}

void fill(long *restrict out, const long *restrict in, int n) {
  for (int i = 0; i < n; ++i)  // expect: loop-parallelizable
    out[i] = heavy(in[i]);
}

void shift(long *out, const long *in, int n) {
  for (int i = 0; i < n; ++i)  /* out may be in + 1 */
    out[i] = heavy(in[i]);
}

int main(void) {
  long a[8] = {1, 2, 3, 4, 5, 6, 7, 8}, b[8];
  fill(b, a, 8);
  shift(a + 1, a, 7);
  return b[0] > 0 ? 0 : 1;
}

// The same user-defined reduction declared but not named on the loop: b is shared, and every
// iteration reads and writes it.
#include <stdio.h>
struct best { double value; int at; };
static struct best pick(struct best x, struct best y) {
  return y.value < x.value || (y.value == x.value && y.at < x.at) ? y : x;
}
#pragma omp declare reduction(minloc : struct best : omp_out = pick(omp_out, omp_in)) \
    initializer(omp_priv = (struct best){1e300, -1})
int main(void) {
  static double v[1000];
  for (int i = 0; i < 1000; i++)
    v[i] = (i * 37 % 1000) - 500.0;
  struct best b = {1e300, -1};
  #pragma omp parallel for
  for (int i = 0; i < 1000; i++) {
    struct best here = {v[i], i};
    b = pick(b, here); // expect: race-openmp
  }
  printf("%f %d\n", b.value, b.at);
  return 0;
}

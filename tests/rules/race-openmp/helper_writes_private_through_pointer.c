// The same helper given each iteration's own variable: nothing is shared.
#include <stdio.h>
static void add_to(long *acc, long v) {
  *acc += v;
}
int main(void) {
  static long out[1000];
  #pragma omp parallel for
  for (int i = 0; i < 1000; i++) {
    long mine = 0;
    add_to(&mine, i);
    add_to(&mine, 1);
    out[i] = mine;
  }
  printf("%ld\n", out[999]);
  return 0;
}

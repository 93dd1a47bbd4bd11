// A threadprivate seed, copied in from the primary thread's value when the region starts: each
// thread then advances its own copy.
#include <stdio.h>
static unsigned seed;
#pragma omp threadprivate(seed)
int main(void) {
  static unsigned out[1000];
  seed = 12345u;
  #pragma omp parallel copyin(seed)
  {
    #pragma omp for
    for (int i = 0; i < 1000; i++) {
      seed = seed * 1103515245u + 12345u;
      out[i] = seed % 100u;
    }
  }
  printf("%u\n", out[0] < 100u);
  return 0;
}

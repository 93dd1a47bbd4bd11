// threadprivate: each thread has its own copy of the global.
#include <stdio.h>
static int calls;
#pragma omp threadprivate(calls)
int main(void) {
  int total = 0;
  #pragma omp parallel reduction(+:total)
  {
    calls++;
    total += calls;
  }
  printf("%d\n", total > 0);
  return 0;
}

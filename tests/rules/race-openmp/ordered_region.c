// The ordered region runs in iteration order, one iteration at a time.
#include <stdio.h>
int main(void) {
  int trace = 0;
  #pragma omp parallel for ordered
  for (int i = 0; i < 100; i++) {
    #pragma omp ordered
    trace = trace * 3 + i;
  }
  printf("%d\n", trace);
  return 0;
}

// Every thread of the region increments the shared counter.
#include <stdio.h>
int main(void) {
  int count = 0;
  #pragma omp parallel
  {
    count++; // expect-fixed: race-openmp
  }
  printf("%d\n", count > 0);
  return 0;
}

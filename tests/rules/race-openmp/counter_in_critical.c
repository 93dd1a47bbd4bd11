// The increments are in an unnamed critical section: one thread at a time.
#include <stdio.h>
int main(void) {
  int count = 0;
  #pragma omp parallel
  {
    #pragma omp critical
    count++;
  }
  printf("%d\n", count > 0);
  return 0;
}

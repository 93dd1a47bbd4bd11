// Critical sections with different names do not exclude each other.
#include <stdio.h>
int total, reads;
int main(void) {
  #pragma omp parallel for
  for (int i = 0; i < 1000; i++) {
    #pragma omp critical(writers)
    total += i; // expect: race-openmp
    #pragma omp critical(readers)
    reads += total > 10;
  }
  printf("%d %d\n", total, reads >= 0);
  return 0;
}

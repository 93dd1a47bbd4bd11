// A counter updated with `atomic update seq_cst` by every iteration, read after the region.
#include <stdio.h>
int main(void) {
  long count = 0;
  #pragma omp parallel for
  for (int i = 0; i < 1000; i++) {
    #pragma omp atomic update seq_cst
    count += i & 1;
  }
  printf("%ld\n", count);
  return 0;
}

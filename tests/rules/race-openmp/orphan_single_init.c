// An orphaned `single` (with its implicit barrier) fills a table once; the threads read it
// after.
#include <stdio.h>
static int table[64];
static void init_table(void) {
  #pragma omp single
  for (int k = 0; k < 64; k++)
    table[k] = k * k;
}
int main(void) {
  long total = 0;
  #pragma omp parallel num_threads(4) reduction(+:total)
  {
    init_table();
    for (int k = 0; k < 64; k++)
      total += table[k];
  }
  printf("%ld\n", total);
  return 0;
}

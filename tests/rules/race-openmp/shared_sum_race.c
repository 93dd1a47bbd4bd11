// Every iteration updates the shared `sum`: lost updates. A reduction gives each thread its own.
#include <stdio.h>
int main(void) {
  int a[1000];
  for (int i = 0; i < 1000; i++)
    a[i] = i;
  long sum = 0;
  #pragma omp parallel for
  for (int i = 0; i < 1000; i++)
    sum += a[i]; // expect-fixed: race-openmp
  printf("%ld\n", sum);
  return 0;
}

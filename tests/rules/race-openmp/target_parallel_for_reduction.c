// The same loop with the sum a reduction.
#include <stdio.h>
int main(void) {
  static int a[1000];
  long sum = 0;
  for (int i = 0; i < 1000; i++)
    a[i] = i;
  #pragma omp target parallel for map(to: a) reduction(+:sum)
  for (int i = 0; i < 1000; i++)
    sum += a[i];
  printf("%ld\n", sum);
  return 0;
}

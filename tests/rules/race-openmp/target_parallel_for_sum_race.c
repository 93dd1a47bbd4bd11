// `target parallel for` on the host with the sum mapped tofrom but not reduced.
#include <stdio.h>
int main(void) {
  static int a[1000];
  long sum = 0;
  for (int i = 0; i < 1000; i++)
    a[i] = i;
  #pragma omp target parallel for map(to: a) map(tofrom: sum)
  for (int i = 0; i < 1000; i++)
    sum += a[i]; // expect: race-openmp
  printf("%ld\n", sum);
  return 0;
}

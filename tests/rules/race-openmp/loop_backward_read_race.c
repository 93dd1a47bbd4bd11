// a[i] = a[i - 1]: iteration i reads what iteration i - 1 writes.
#include <stdio.h>
long a[1000];
int main(void) {
  a[0] = 1;
  #pragma omp parallel for
  for (int i = 1; i < 1000; i++)
    a[i] = a[i - 1] + i; // expect: race-openmp
  printf("%ld\n", a[999]);
  return 0;
}

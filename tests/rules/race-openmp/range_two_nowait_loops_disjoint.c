// Two `for nowait` loops of one region fill the two halves of an array: no element is
// touched by both.
#include <stdio.h>
int main(void) {
  static int a[2000];
  #pragma omp parallel
  {
    #pragma omp for nowait
    for (int i = 0; i < 1000; i++)
      a[i] = 1;
    #pragma omp for nowait
    for (int i = 1000; i < 2000; i++)
      a[i] = 2;
  }
  printf("%d\n", a[0] + a[1999]);
  return 0;
}

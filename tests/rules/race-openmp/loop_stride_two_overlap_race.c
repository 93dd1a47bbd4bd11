// a[2i] = a[2i + 2]: iteration i + 1 writes the element iteration i reads (2i + 2 = 2(i + 1)).
#include <stdio.h>
int a[2002];
int main(void) {
  for (int i = 0; i < 2002; i++)
    a[i] = i;
  #pragma omp parallel for
  for (int i = 0; i < 1000; i++)
    a[2 * i] = a[2 * i + 2] + 1; // expect: race-openmp
  printf("%d\n", a[0]);
  return 0;
}

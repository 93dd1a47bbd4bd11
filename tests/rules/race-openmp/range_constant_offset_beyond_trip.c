// Reads 500 elements ahead in a 500-iteration loop: the written range [0, 500) and the read
// range [500, 1000) never meet.
#include <stdio.h>
int main(void) {
  static int a[1000];
  for (int i = 0; i < 1000; i++)
    a[i] = i;
  #pragma omp parallel for
  for (int i = 0; i < 500; i++)
    a[i] = a[i + 500];
  printf("%d\n", a[0]);
  return 0;
}

// A pointer one element into the array: p[i] is buf[i + 1], which iteration i + 1 reads as
// buf[i + 1] while iteration i writes it.
#include <stdio.h>
int main(void) {
  static int buf[1001];
  for (int i = 0; i < 1001; i++)
    buf[i] = i;
  int *p = buf + 1;
  #pragma omp parallel for
  for (int i = 0; i < 1000; i++)
    p[i] = buf[i] * 2; // expect: race-openmp
  printf("%d\n", buf[1000]);
  return 0;
}

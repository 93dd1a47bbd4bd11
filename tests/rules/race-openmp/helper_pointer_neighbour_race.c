// Through a helper's pointer parameter, iteration i reads the element iteration i + 1 writes.
#include <stdio.h>
static void take_next(int *p, int k) {
  p[k] = p[k + 1]; // expect: race-openmp
}
int main(void) {
  static int data[1001];
  for (int i = 0; i < 1001; i++)
    data[i] = i;
  #pragma omp parallel for
  for (int i = 0; i < 1000; i++)
    take_next(data, i);
  printf("%d\n", data[0]);
  return 0;
}

// A pointer to the array's start used beside the array itself: both name element i in
// iteration i.
#include <stdio.h>
int main(void) {
  static int buf[1000];
  int *p = buf;
  #pragma omp parallel for
  for (int i = 0; i < 1000; i++) {
    buf[i] = i;
    p[i] += 1;
  }
  printf("%d\n", buf[999]);
  return 0;
}

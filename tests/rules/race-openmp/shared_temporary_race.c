// `tmp` is declared outside the loop, so the threads share it: one thread's value can be
// overwritten by another's between the write and the read.
#include <stdio.h>
int main(void) {
  int a[1000], b[1000];
  for (int i = 0; i < 1000; i++)
    a[i] = i;
  int tmp;
  #pragma omp parallel for
  for (int i = 0; i < 1000; i++) {
    tmp = a[i] * 2; // expect-fixed: race-openmp
    b[i] = tmp + 1;
  }
  printf("%d\n", b[999]);
  return 0;
}

// A variable declared inside the region is private to each thread.
#include <stdio.h>
int main(void) {
  int a[1000], b[1000];
  for (int i = 0; i < 1000; i++)
    a[i] = i;
  #pragma omp parallel for
  for (int i = 0; i < 1000; i++) {
    int tmp = a[i] * 2;
    b[i] = tmp + 1;
  }
  printf("%d\n", b[999]);
  return 0;
}

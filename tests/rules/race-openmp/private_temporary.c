// private(tmp): each thread has its own tmp.
#include <stdio.h>
int main(void) {
  int a[1000], b[1000];
  for (int i = 0; i < 1000; i++)
    a[i] = i;
  int tmp;
  #pragma omp parallel for private(tmp)
  for (int i = 0; i < 1000; i++) {
    tmp = a[i] * 2;
    b[i] = tmp + 1;
  }
  printf("%d\n", b[999]);
  return 0;
}

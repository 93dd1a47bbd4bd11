// Each iteration writes its own element and reads another array: no two iterations meet.
#include <stdio.h>
int a[1000], b[1000];
int main(void) {
  for (int i = 0; i < 1000; i++)
    b[i] = i;
  #pragma omp parallel for
  for (int i = 0; i < 1000; i++)
    a[i] = b[i] + 1;
  printf("%d\n", a[999]);
  return 0;
}

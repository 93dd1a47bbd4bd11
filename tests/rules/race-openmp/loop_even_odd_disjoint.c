// Iteration i writes a[2i] and a[2i+1]: 2i = 2i' + 1 has no integer solution, and the same
// subscript meets only in the same iteration.
#include <stdio.h>
int a[2000];
int main(void) {
  #pragma omp parallel for
  for (int i = 0; i < 1000; i++) {
    a[2 * i] = i;
    a[2 * i + 1] = -i;
  }
  printf("%d %d\n", a[10], a[11]);
  return 0;
}

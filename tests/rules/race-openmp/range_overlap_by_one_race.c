// Iteration i writes a[i + n - 1]: iteration 0 writes a[n - 1], which iteration n - 1 reads.
#include <stdio.h>
static void mirror(int *a, int n) {
  #pragma omp parallel for
  for (int i = 0; i < n; i++)
    a[i + n - 1] = a[i]; // expect: race-openmp
}
int main(void) {
  static int a[2000];
  for (int i = 0; i < 1000; i++)
    a[i] = i;
  mirror(a, 1000);
  printf("%d\n", a[1998]);
  return 0;
}

// Iteration i writes a[i + 1], which iteration i + 1 reads: a loop-carried dependence of
// distance 1, and the iterations run on different threads.
#include <stdio.h>
int a[1000];
int main(void) {
  #pragma omp parallel for
  for (int i = 0; i < 999; i++)
    a[i + 1] = a[i] + 1; // expect: race-openmp
  printf("%d\n", a[999]);
  return 0;
}

// Two loops with nowait: the second reads a[1000 - i] while the first may still write it.
#include <stdio.h>
int a[1001], b[1000];
int main(void) {
  #pragma omp parallel num_threads(4)
  {
    #pragma omp for nowait
    for (int i = 0; i < 1001; i++)
      a[i] = i; // expect: race-openmp
    #pragma omp for nowait
    for (int i = 0; i < 1000; i++)
      b[i] = a[1000 - i];
  }
  printf("%d\n", b[0]);
  return 0;
}

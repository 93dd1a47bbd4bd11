// The first loop's implicit barrier orders its writes before the second loop's reads.
#include <stdio.h>
int a[1001], b[1000];
int main(void) {
  #pragma omp parallel num_threads(4)
  {
    #pragma omp for
    for (int i = 0; i < 1001; i++)
      a[i] = i;
    #pragma omp for
    for (int i = 0; i < 1000; i++)
      b[i] = a[i + 1];
  }
  printf("%d\n", b[0]);
  return 0;
}

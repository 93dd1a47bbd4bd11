// An orphaned worksharing loop: the helper's `omp for` splits its iterations among the team
// of the region that calls it, each iteration its own element.
#include <stdio.h>
static double a[1000], b[1000];
static void scale(void) {
  #pragma omp for
  for (int i = 0; i < 1000; i++)
    a[i] = 2.0 * b[i];
}
int main(void) {
  for (int i = 0; i < 1000; i++)
    b[i] = i;
  #pragma omp parallel
  scale();
  printf("%f\n", a[999]);
  return 0;
}

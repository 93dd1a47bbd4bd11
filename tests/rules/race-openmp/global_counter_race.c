// A global incremented by every iteration.
#include <stdio.h>
long hits;
static void work(const int *a, int n) {
  #pragma omp parallel for
  for (int i = 0; i < n; i++)
    if (a[i] % 3 == 0)
      hits++; // expect-fixed: race-openmp
}
int main(void) {
  int a[999];
  for (int i = 0; i < 999; i++)
    a[i] = i;
  work(a, 999);
  printf("%ld\n", hits);
  return 0;
}

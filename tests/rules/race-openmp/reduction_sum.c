// The same sum with reduction(+:sum): each thread adds into a private copy, combined at the end.
#include <stdio.h>
int main(void) {
  int a[1000];
  for (int i = 0; i < 1000; i++)
    a[i] = i;
  long sum = 0;
  #pragma omp parallel for reduction(+:sum)
  for (int i = 0; i < 1000; i++)
    sum += a[i];
  printf("%ld\n", sum);
  return 0;
}

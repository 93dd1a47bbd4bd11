// default(none) with every variable listed: the clauses decide, nothing is implicit.
#include <stdio.h>
int main(void) {
  int a[1000];
  long s = 0;
  #pragma omp parallel for default(none) shared(a) reduction(+:s)
  for (int i = 0; i < 1000; i++) {
    a[i] = i;
    s += i;
  }
  printf("%ld %d\n", s, a[5]);
  return 0;
}

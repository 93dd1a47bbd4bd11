// Tickets of two different counters: a value one counter hands out, the other hands out too,
// so two iterations may write one slot.
#include <stdio.h>
int main(void) {
  static int slots[20000];
  int evens = 0, odds = 0;
  #pragma omp parallel for schedule(dynamic)
  for (int i = 0; i < 20000; i++) {
    int t;
    if (i % 2 == 0) {
      #pragma omp atomic capture
      t = evens++;
    } else {
      #pragma omp atomic capture
      t = odds++;
    }
    slots[t] = i; // expect: race-openmp
  }
  printf("%d %d\n", evens, odds);
  return 0;
}

// `atomic capture` hands out tickets: each iteration gets a different slot, then writes it.
#include <stdio.h>
int main(void) {
  static int slots[1000];
  int next = 0;
  #pragma omp parallel for
  for (int i = 0; i < 1000; i++) {
    int t;
    #pragma omp atomic capture
    t = next++;
    slots[t] = i;
  }
  printf("%d\n", next);
  return 0;
}

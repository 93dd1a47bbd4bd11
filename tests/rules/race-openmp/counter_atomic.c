// An atomic update on every side.
#include <stdio.h>
int main(void) {
  int count = 0;
  #pragma omp parallel for
  for (int i = 0; i < 1000; i++) {
    #pragma omp atomic
    count += 2;
  }
  printf("%d\n", count);
  return 0;
}

// The update is atomic but the read beside it is not: an atomic and a plain access race.
#include <stdio.h>
int main(void) {
  int count = 0, seen = 0;
  #pragma omp parallel for reduction(+:seen)
  for (int i = 0; i < 1000; i++) {
    #pragma omp atomic
    count++; // expect: race-openmp
    if (count > 500)
      seen++;
  }
  printf("%d\n", seen >= 0);
  return 0;
}

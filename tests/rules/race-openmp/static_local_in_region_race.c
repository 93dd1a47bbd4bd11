// A static declared inside the region is not private: one object for every thread.
#include <stdio.h>
int main(void) {
  int sum = 0;
  #pragma omp parallel reduction(+:sum)
  {
    static int entered;
    entered++; // expect: race-openmp
    sum += 1;
  }
  printf("%d\n", sum > 0);
  return 0;
}

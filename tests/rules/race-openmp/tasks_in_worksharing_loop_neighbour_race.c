// Each iteration's task writes its element and reads the next, which another task writes.
#include <stdio.h>
double v[1001];
int main(void) {
  #pragma omp parallel num_threads(4)
  {
    #pragma omp for
    for (int i = 0; i < 1000; i++) {
      #pragma omp task
      v[i] = v[i + 1] * 0.5; // expect: race-openmp
    }
  }
  printf("%f\n", v[0]);
  return 0;
}

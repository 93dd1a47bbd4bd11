// Each iteration of a worksharing loop creates one task writing that iteration's element.
#include <stdio.h>
double v[1000];
int main(void) {
  #pragma omp parallel num_threads(4)
  {
    #pragma omp for
    for (int i = 0; i < 1000; i++) {
      #pragma omp task
      v[i] = i * 0.5;
    }
  }
  printf("%f\n", v[999]);
  return 0;
}

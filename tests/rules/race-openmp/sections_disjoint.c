// Each section writes its own variable.
#include <stdio.h>
int main(void) {
  int left = 0, right = 0;
  #pragma omp parallel sections
  {
    #pragma omp section
    left = 1;
    #pragma omp section
    right = 2;
  }
  printf("%d\n", left + right);
  return 0;
}

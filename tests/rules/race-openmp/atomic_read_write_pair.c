// One section stores a value with `atomic write`, another loads it with `atomic read`: atomic
// accesses never race with each other.
#include <stdio.h>
int main(void) {
  long latest = 0, copy = 0;
  #pragma omp parallel sections num_threads(2)
  {
    #pragma omp section
    for (long k = 1; k <= 1000; k++) {
      #pragma omp atomic write
      latest = k;
    }
    #pragma omp section
    for (int k = 0; k < 1000; k++) {
      long v;
      #pragma omp atomic read
      v = latest;
      if (v > copy)
        copy = v;
    }
  }
  printf("%d\n", copy <= 1000);
  return 0;
}

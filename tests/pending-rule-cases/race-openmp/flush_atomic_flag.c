// The flag written and read with seq_cst atomics (which imply a flush): the payload written
// before the atomic write is read only after the atomic read saw it.
#include <stdio.h>
int main(void) {
  int ready = 0, payload = 0, seen = 0;
  #pragma omp parallel sections num_threads(2)
  {
    #pragma omp section
    {
      payload = 42;
      #pragma omp atomic write seq_cst
      ready = 1;
    }
    #pragma omp section
    {
      int r = 0;
      while (!r) {
        #pragma omp atomic read seq_cst
        r = ready;
      }
      seen = payload;
    }
  }
  printf("%d\n", seen);
  return 0;
}

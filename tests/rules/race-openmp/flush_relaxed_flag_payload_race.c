// The flag is atomic but relaxed, with no flush: seeing the flag orders nothing, so the
// payload's write and read race.
#include <stdio.h>
int main(void) {
  int ready = 0, payload = 0, seen = 0;
  #pragma omp parallel sections num_threads(2)
  {
    #pragma omp section
    {
      payload = 42; // expect: race-openmp
      #pragma omp atomic write relaxed
      ready = 1;
    }
    #pragma omp section
    {
      int r = 0;
      while (!r) {
        #pragma omp atomic read relaxed
        r = ready;
      }
      seen = payload;
    }
  }
  printf("%d\n", seen);
  return 0;
}

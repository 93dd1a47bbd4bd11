// Flag synchronisation with flushes but a plain flag: the flag's write and the reads of the
// spinning section race (OpenMP 5.x requires atomic accesses for such a flag).
#include <stdio.h>
int main(void) {
  int ready = 0, payload = 0, seen = 0;
  #pragma omp parallel sections num_threads(2)
  {
    #pragma omp section
    {
      payload = 42; // expect: race-openmp
      #pragma omp flush
      ready = 1; // expect: race-openmp
      #pragma omp flush
    }
    #pragma omp section
    {
      while (!ready) {
        #pragma omp flush
      }
      seen = payload;
    }
  }
  printf("%d\n", seen);
  return 0;
}

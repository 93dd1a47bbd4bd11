// One task per (i, j), all the tasks of row i updating out[i]: instances with the same i and
// different j run at the same time.
#include <cstdio>
int main() {
  long out[50] = {0};
  #pragma omp parallel num_threads(4)
  #pragma omp single
  for (int i = 0; i < 50; i++)
    for (int j = 0; j < 20; j++) {
      #pragma omp task
      out[i] += j; // expect: race-openmp
    }
  std::printf("%ld\n", out[49]);
}

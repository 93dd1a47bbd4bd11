// Tasks created in a loop update `acc` with nothing ordering them.
#include <cstdio>
int main() {
  long acc = 0;
  #pragma omp parallel num_threads(4)
  #pragma omp single
  {
    for (int i = 0; i < 100; i++) {
      #pragma omp task shared(acc)
      acc += i; // expect: race-openmp
    }
    #pragma omp taskwait
  }
  std::printf("%ld\n", acc >= 0 ? 1L : 0L);
}

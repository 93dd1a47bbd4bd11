// Without `single`, every thread runs the loop and creates a task for each k: four tasks write
// results[k] for one k.
#include <cstdio>
int main() {
  int results[100] = {0};
  #pragma omp parallel num_threads(4)
  for (int k = 0; k < 100; k++) {
    #pragma omp task
    results[k] = k * k; // expect: race-openmp
  }
  std::printf("%d\n", results[99]);
}

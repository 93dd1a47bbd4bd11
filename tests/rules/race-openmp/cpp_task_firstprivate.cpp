// Each task gets its own copy of `item` (firstprivate by default in a task); results go to
// distinct elements.
#include <cstdio>
int main() {
  int results[100] = {0};
  #pragma omp parallel num_threads(4)
  #pragma omp single
  for (int item = 0; item < 100; item++) {
    #pragma omp task
    results[item] = item * item;
  }
  std::printf("%d\n", results[99]);
}

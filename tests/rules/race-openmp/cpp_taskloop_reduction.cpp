// taskloop with a reduction: the tasks' partial sums are combined.
#include <cstdio>
int main() {
  long total = 0;
  #pragma omp parallel num_threads(4)
  #pragma omp single
  #pragma omp taskloop reduction(+:total)
  for (int i = 0; i < 1000; i++)
    total += i;
  std::printf("%ld\n", total);
}

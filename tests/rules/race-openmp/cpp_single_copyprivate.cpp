// copyprivate: one thread reads the value, every thread gets it in its private copy.
#include <cstdio>
int main() {
  int total = 0;
  #pragma omp parallel num_threads(4) reduction(+:total)
  {
    int seed;
    #pragma omp single copyprivate(seed)
    seed = 11;
    total += seed;
  }
  std::printf("%d\n", total % 11);
}

// Tasks created in a loop by one thread, chained by depend(inout: acc): one after another.
#include <cstdio>
int main() {
  long acc = 0;
  #pragma omp parallel num_threads(4)
  #pragma omp single
  {
    for (int i = 0; i < 100; i++) {
      #pragma omp task shared(acc) depend(inout: acc)
      acc += i;
    }
    #pragma omp taskwait
  }
  std::printf("%ld\n", acc);
}

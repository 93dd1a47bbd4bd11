// taskgroup waits for its tasks: the read after it is ordered.
#include <cstdio>
int main() {
  int a = 0, b = 0, c = 0;
  #pragma omp parallel num_threads(4)
  #pragma omp single
  {
    #pragma omp taskgroup
    {
      #pragma omp task shared(a)
      a = 1;
      #pragma omp task shared(b)
      b = 2;
    }
    c = a + b;
  }
  std::printf("%d\n", c);
}

// Every thread writes `n` at the start of the region while others already use it in the loop.
#include <cstdio>
int main() {
  static int out[1000];
  int n = 0;
  #pragma omp parallel num_threads(4)
  {
    n = 1000; // expect: race-openmp
    #pragma omp for
    for (int i = 0; i < 1000; i++)
      out[i] = i % (n + 1);
  }
  std::printf("%d\n", out[5]);
}

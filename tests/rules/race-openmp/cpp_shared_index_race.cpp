// A running index shared by the iterations: k++ races, and so do the writes through it.
#include <cstdio>
int main() {
  static int out[1000];
  int k = 0;
  #pragma omp parallel for
  for (int i = 0; i < 1000; i++) {
    out[k] = i; // expect: race-openmp
    k++; // expect: race-openmp
  }
  std::printf("%d\n", k > 0);
}

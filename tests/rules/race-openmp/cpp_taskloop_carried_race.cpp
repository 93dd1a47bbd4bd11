// taskloop iterations run as tasks at the same time: a[i] = a[i - 1] carries a dependence.
#include <cstdio>
int main() {
  static long a[1000];
  a[0] = 1;
  #pragma omp parallel num_threads(4)
  #pragma omp single
  #pragma omp taskloop
  for (int i = 1; i < 1000; i++)
    a[i] = a[i - 1] + 1; // expect: race-openmp
  std::printf("%ld\n", a[999]);
}

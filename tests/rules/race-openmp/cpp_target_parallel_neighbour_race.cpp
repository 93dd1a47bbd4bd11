// A target region on the host whose parallel loop reads the element the previous iteration
// writes.
#include <cstdio>
int main() {
  static int a[1000];
  for (int i = 0; i < 1000; i++)
    a[i] = 1;
  #pragma omp target map(tofrom: a)
  {
    #pragma omp parallel for
    for (int i = 1; i < 1000; i++)
      a[i] = a[i - 1] + 1; // expect: race-openmp
  }
  std::printf("%d\n", a[999]);
}

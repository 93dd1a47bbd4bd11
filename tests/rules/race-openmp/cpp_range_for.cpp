// A range-based for loop (OpenMP 5.0): the element reference is each iteration's own.
#include <cstdio>
#include <vector>
int main() {
  std::vector<double> v(1000, 2.0);
  #pragma omp parallel for
  for (double &x : v)
    x *= 1.5;
  std::printf("%f\n", v[0]);
}

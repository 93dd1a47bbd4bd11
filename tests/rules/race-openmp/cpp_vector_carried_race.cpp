// v[i] = v[i - 1] on a std::vector: the same dependence as on an array.
#include <cstdio>
#include <vector>
int main() {
  std::vector<long> v(1000, 1);
  #pragma omp parallel for
  for (int i = 1; i < 1000; i++)
    v[i] = v[i - 1] * 2 % 1000003; // expect: race-openmp
  std::printf("%ld\n", v[999]);
}

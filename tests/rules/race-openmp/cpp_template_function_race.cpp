// A function template's instance: the shared accumulator is updated by every iteration.
#include <cstdio>
template <class T> T sum_all(const T *v, int n) {
  T acc = 0;
  #pragma omp parallel for
  for (int i = 0; i < n; i++)
    acc = acc + v[i]; // expect: race-openmp
  return acc;
}
int main() {
  double v[100];
  for (int i = 0; i < 100; i++)
    v[i] = i;
  std::printf("%f\n", sum_all(v, 100));
}

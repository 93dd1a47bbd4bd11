// A region inside a lambda, updating the lambda's own local without a reduction.
#include <cstdio>
int main() {
  auto count_even = [](int n) {
    int evens = 0;
    #pragma omp parallel for
    for (int i = 0; i < n; i++)
      if (i % 2 == 0)
        evens++; // expect: race-openmp
    return evens;
  };
  std::printf("%d\n", count_even(1000) > 0);
}

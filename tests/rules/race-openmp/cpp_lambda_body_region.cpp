// A region inside a lambda: the lambda's locals are private per thread; the sum is reduced.
#include <cstdio>
int main() {
  auto total = [](int n) {
    long s = 0;
    #pragma omp parallel for reduction(+:s)
    for (int i = 0; i < n; i++)
      s += i;
    return s;
  };
  std::printf("%ld\n", total(1000));
}

// A lambda capturing the output by reference, called with the iteration's own index.
#include <cstdio>
#include <vector>
int main() {
  std::vector<int> out(1000);
  auto put = [&out](int k) { out[k] = 2 * k; };
  #pragma omp parallel for
  for (int i = 0; i < 1000; i++)
    put(i);
  std::printf("%d\n", out[999]);
}

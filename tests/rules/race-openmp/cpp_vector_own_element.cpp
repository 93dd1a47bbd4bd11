// Each iteration writes its own element of a vector sized beforehand.
#include <cstdio>
#include <vector>
int main() {
  std::vector<int> out(1000);
  #pragma omp parallel for
  for (int i = 0; i < 1000; i++)
    out[i] = i * 3;
  std::printf("%d\n", out[999]);
}

// Double buffering: read one array, write the other, each iteration its element.
#include <cstdio>
#include <vector>
int main() {
  std::vector<double> cur(1002, 1.0), next(1002, 0.0);
  #pragma omp parallel for
  for (int i = 1; i < 1001; i++)
    next[i] = (cur[i - 1] + cur[i] + cur[i + 1]) / 3.0;
  std::printf("%f\n", next[500]);
}

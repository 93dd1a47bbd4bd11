// reduction(max:best): each thread's maximum, combined.
#include <cstdio>
#include <vector>
int main() {
  std::vector<int> v(1000);
  for (int i = 0; i < 1000; i++)
    v[i] = (i * 37) % 1009;
  int best = 0;
  #pragma omp parallel for reduction(max:best)
  for (int i = 0; i < 1000; i++)
    if (v[i] > best)
      best = v[i];
  std::printf("%d\n", best);
}

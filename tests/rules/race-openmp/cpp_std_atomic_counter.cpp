// std::atomic: every access is atomic.
#include <atomic>
#include <cstdio>
int main() {
  std::atomic<int> done{0};
  #pragma omp parallel for
  for (int i = 0; i < 1000; i++)
    done++;
  std::printf("%d\n", done.load());
}

// push_back inside a critical section: one thread at a time.
#include <cstdio>
#include <vector>
int main() {
  std::vector<int> hits;
  #pragma omp parallel for
  for (int i = 0; i < 1000; i++)
    if (i % 7 == 0) {
      #pragma omp critical
      hits.push_back(i);
    }
  std::printf("%zu\n", hits.size());
}

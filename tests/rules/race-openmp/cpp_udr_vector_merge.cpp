// A user-defined reduction over std::vector: each thread collects into its own vector, and
// the copies are concatenated.
#include <cstdio>
#include <vector>
#pragma omp declare reduction(append : std::vector<int> : \
    omp_out.insert(omp_out.end(), omp_in.begin(), omp_in.end()))
int main() {
  std::vector<int> evens;
  #pragma omp parallel for reduction(append : evens)
  for (int i = 0; i < 1000; i++)
    if (i % 2 == 0)
      evens.push_back(i);
  std::printf("%zu\n", evens.size());
}

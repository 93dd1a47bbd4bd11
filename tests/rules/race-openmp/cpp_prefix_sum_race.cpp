// A prefix sum cannot run its iterations at the same time: each reads the previous result.
#include <cstdio>
#include <vector>
int main() {
  std::vector<long> s(1000, 1);
  #pragma omp parallel for
  for (int i = 1; i < 1000; i++)
    s[i] += s[i - 1]; // expect: race-openmp
  std::printf("%ld\n", s[999]);
}

// push_back from every iteration: the vector's size and buffer are written by all threads.
#include <cstdio>
#include <vector>
int main() {
  std::vector<int> out;
  #pragma omp parallel for
  for (int i = 0; i < 1000; i++)
    out.push_back(i); // expect: race-openmp
  std::printf("%zu\n", out.size() > 0 ? std::size_t{1} : std::size_t{0});
}

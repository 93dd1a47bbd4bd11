// A lambda capturing the counter by reference, called in every iteration of a parallel loop.
#include <cstdio>
int main() {
  int hits = 0;
  auto hit = [&hits](int v) {
    if (v % 3 == 0)
      ++hits; // expect: race-openmp
  };
  #pragma omp parallel for
  for (int i = 0; i < 3000; i++)
    hit(i);
  std::printf("%d\n", hits);
}

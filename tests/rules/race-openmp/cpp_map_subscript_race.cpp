// std::map's operator[] inserts: every iteration writes the map itself.
#include <cstdio>
#include <map>
int main() {
  std::map<int, int> squares;
  #pragma omp parallel for
  for (int i = 0; i < 100; i++)
    squares[i] = i * i; // expect: race-openmp
  std::printf("%zu\n", squares.size());
}

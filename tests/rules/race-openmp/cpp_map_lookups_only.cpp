// Every iteration looks keys up in a shared, non-const std::map that nobody changes in the
// region: count() and at() only read it, even on a non-const map.
#include <cstdio>
#include <map>
int main() {
  std::map<int, int> squares;
  for (int k = 0; k < 100; k++)
    squares[k] = k * k;
  static int out[1000];
  #pragma omp parallel for
  for (int i = 0; i < 1000; i++) {
    out[i] = squares.count(i % 100) && squares.size() > 7 ? squares.at(i % 100) : -1;
  }
  std::printf("%d\n", out[999]);
}

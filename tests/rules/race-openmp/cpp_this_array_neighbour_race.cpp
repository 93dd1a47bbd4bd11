// A member array shifted in place by a parallel loop: iteration i reads what i + 1 writes.
#include <cstdio>
struct Buffer {
  int cells[1001];
  void shift() {
    #pragma omp parallel for
    for (int i = 0; i < 1000; i++)
      this->cells[i] = this->cells[i + 1]; // expect: race-openmp
  }
};
int main() {
  static Buffer b;
  for (int i = 0; i < 1001; i++)
    b.cells[i] = i;
  b.shift();
  std::printf("%d\n", b.cells[0]);
}

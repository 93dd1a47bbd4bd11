// Each iteration reads its neighbour's element, which the neighbour's iteration writes.
#include <cstdio>
struct Cell {
  double heat;
};
int main() {
  static Cell cells[1001];
  for (int i = 0; i < 1001; i++)
    cells[i].heat = i;
  #pragma omp parallel for
  for (int i = 0; i < 1000; i++)
    cells[i].heat = 0.5 * (cells[i].heat + cells[i + 1].heat); // expect: race-openmp
  std::printf("%f\n", cells[0].heat);
}

// A helper computes its element from its parameter in a local: each call of the loop writes
// its own row.
#include <cstdio>
static double grid[100][64];
static void fill_row(int r) {
  int row = r;
  for (int c = 0; c < 64; c++)
    grid[row][c] = r * 0.5 + c;
}
int main() {
  #pragma omp parallel for
  for (int r = 0; r < 100; r++)
    fill_row(r);
  std::printf("%f\n", grid[99][63]);
}

// A region in a member function over the object's own arrays, each iteration its element.
#include <cstdio>
struct Grid {
  double cells[1000];
  void relax(const double *source) {
    #pragma omp parallel for
    for (int i = 0; i < 1000; i++)
      cells[i] = 0.5 * source[i];
  }
};
int main() {
  static double src[1000];
  static Grid g;
  for (int i = 0; i < 1000; i++)
    src[i] = i;
  g.relax(src);
  std::printf("%f\n", g.cells[999]);
}

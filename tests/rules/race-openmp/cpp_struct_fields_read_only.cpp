// A shared struct the loop only reads.
#include <cstdio>
struct Params {
  double scale;
  double shift;
};
int main() {
  Params p{2.0, 1.0};
  static double out[1000];
  #pragma omp parallel for
  for (int i = 0; i < 1000; i++)
    out[i] = p.scale * i + p.shift;
  std::printf("%f\n", out[999]);
}

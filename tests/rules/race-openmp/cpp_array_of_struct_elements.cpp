// Each iteration updates a field of its own element.
#include <cstdio>
struct Particle {
  double x, v;
};
int main() {
  static Particle ps[1000];
  #pragma omp parallel for
  for (int i = 0; i < 1000; i++) {
    ps[i].v += 0.1;
    ps[i].x += ps[i].v;
  }
  std::printf("%f\n", ps[999].x);
}

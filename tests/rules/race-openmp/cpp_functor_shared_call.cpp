// A stateless function object shared by the iterations: calling it changes nothing.
#include <cstdio>
struct Square {
  long operator()(long x) { return x * x; }
};
int main() {
  Square square;
  static long out[1000];
  #pragma omp parallel for
  for (int i = 0; i < 1000; i++)
    out[i] = square(i);
  std::printf("%ld\n", out[999]);
}

// linear(j:2): j is private, and equals 2*i in iteration i; out[j] is each iteration's own.
#include <cstdio>
int main() {
  static int out[2000];
  int j = 0;
  #pragma omp parallel for linear(j:2)
  for (int i = 0; i < 1000; i++) {
    out[j] = i;
    j += 2;
  }
  std::printf("%d\n", out[1998]);
}

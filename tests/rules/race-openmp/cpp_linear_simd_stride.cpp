// simd with linear(j:3): lane i writes dst[j] with j = 3 * i, never another lane's element.
#include <cstdio>
int main() {
  static float dst[3000], src[1000];
  for (int i = 0; i < 1000; i++)
    src[i] = i;
  int j = 0;
  #pragma omp simd linear(j:3)
  for (int i = 0; i < 1000; i++) {
    dst[j] = src[i];
    j += 3;
  }
  std::printf("%f\n", dst[2997]);
}

// In a parallel loop, only thread 1 reports progress, in a variable no other thread touches.
#include <cstdio>
#include <omp.h>
int main() {
  static double out[4000];
  float shown = 0;
  #pragma omp parallel for schedule(dynamic, 8) num_threads(4)
  for (int i = 0; i < 4000; i++) {
    out[i] = i * 0.25;
    int tid = omp_get_thread_num();
    if (tid == 1) {
      float p = 100.0f * i / 4000;
      if (p > shown + 10)
        shown = p;
    }
  }
  std::printf("%f %d\n", out[3999], shown >= 0);
}

// The same buffers, but each thread sums its neighbour's, which that thread is filling.
#include <cstdio>
#include <omp.h>
#include <vector>
struct Buffer {
  int cells[64];
};
static void fill(Buffer &b, int v) {
  for (int k = 0; k < 64; k++)
    b.cells[k] = v + k; // expect: race-openmp
}
static long total(const Buffer &b, int k) {
  return k == 64 ? 0 : b.cells[k] + total(b, k + 1);
}
int main() {
  int n = omp_get_max_threads();
  std::vector<Buffer> bufs(n + 1);
  long sum = 0;
  #pragma omp parallel for reduction(+:sum)
  for (int i = 0; i < 1000; i++) {
    int me = omp_get_thread_num();
    fill(bufs[me], i);
    sum += total(bufs[(me + 1) % n], 0);
  }
  std::printf("%d\n", sum >= 0);
}

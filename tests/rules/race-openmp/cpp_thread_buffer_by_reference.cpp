// Each thread works in its own buffer, bufs[me]: a helper fills its cells through a reference,
// and a recursive helper (whose inner calls are not followed) sums the whole buffer.
#include <cstdio>
#include <omp.h>
#include <vector>
struct Buffer {
  int cells[64];
};
static void fill(Buffer &b, int v) {
  for (int k = 0; k < 64; k++)
    b.cells[k] = v + k;
}
static long total(const Buffer &b, int k) {
  return k == 64 ? 0 : b.cells[k] + total(b, k + 1);
}
int main() {
  std::vector<Buffer> bufs(omp_get_max_threads());
  long sum = 0;
  #pragma omp parallel for reduction(+:sum)
  for (int i = 0; i < 1000; i++) {
    int me = omp_get_thread_num();
    fill(bufs[me], i);
    sum += total(bufs[me], 0);
  }
  std::printf("%ld\n", sum);
}

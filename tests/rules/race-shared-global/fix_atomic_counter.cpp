// Fix case: an integral global only loaded, stored, incremented and compound-assigned becomes
// std::atomic<long>; `total = total + step` becomes `total += step` (one atomic read-modify-write)
// and the load passed to printf becomes `total.load()` (an atomic cannot go through `...`).
#include <cstdio>
#include <thread>

long total = 0;

void work(long step) {
  for (int i = 0; i < 20000; ++i) {
    total++;  // expect-fixed: race-shared-global
    total += step;  // no finding of its own: a note of the one at line 11 (the same threads)
    total = total + step;  // no finding of its own: a note of the one at line 11 (the same threads)
  }
}

int main() {
  std::thread a(work, 1);
  std::thread b(work, 2);
  std::printf("so far: %ld\n", total);
  a.join();
  b.join();
  std::printf("total: %ld\n", total);
  return total == 20000 * (3 + 5) ? 0 : 1;
}

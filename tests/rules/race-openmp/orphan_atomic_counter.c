// The helper's update of the global is an orphaned `omp atomic`; its plain read is after the
// region.
#include <stdio.h>
static long bytes;
static void account(long n) {
  #pragma omp atomic
  bytes += n;
}
int main(void) {
  #pragma omp parallel for
  for (int i = 0; i < 1000; i++)
    account(i % 7);
  printf("%ld\n", bytes);
  return 0;
}

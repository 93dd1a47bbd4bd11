// The same helper given a variable each thread declares in the region.
#include <cstdio>
static void accumulate(long &acc, int v) {
  acc += v;
}
int main() {
  long sum = 0;
  #pragma omp parallel reduction(+:sum)
  {
    long mine = 0;
    #pragma omp for
    for (int i = 0; i < 1000; i++)
      accumulate(mine, i);
    sum += mine;
  }
  std::printf("%ld\n", sum);
}

// A static data member is one object for every thread.
#include <cstdio>
struct Stats {
  static long total;
};
long Stats::total = 0;
int main() {
  #pragma omp parallel for
  for (int i = 0; i < 1000; i++)
    Stats::total += i; // expect: race-openmp
  std::printf("%ld\n", Stats::total);
}

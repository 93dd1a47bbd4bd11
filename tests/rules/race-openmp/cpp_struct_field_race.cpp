// Two fields of one shared struct: `count` is updated by every iteration.
#include <cstdio>
struct Tally {
  long count;
  long limit;
};
int main() {
  Tally t{0, 100};
  #pragma omp parallel for
  for (int i = 0; i < 1000; i++)
    if (i < t.limit)
      t.count += 1; // expect: race-openmp
  std::printf("%ld\n", t.count);
}

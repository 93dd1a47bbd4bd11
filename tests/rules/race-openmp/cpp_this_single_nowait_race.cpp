// The same with `nowait`: the other threads read the member while it is being set.
#include <cstdio>
struct Job {
  int chunk = 0;
  long run() {
    long sum = 0;
    #pragma omp parallel num_threads(4) reduction(+:sum)
    {
      #pragma omp single nowait
      chunk = 16; // expect: race-openmp
      sum += chunk;
    }
    return sum;
  }
};
int main() {
  Job j;
  std::printf("%ld\n", j.run());
}

// One thread sets a member in a `single`; its implicit barrier comes before everyone's read.
#include <cstdio>
struct Job {
  int chunk = 0;
  long run() {
    long sum = 0;
    #pragma omp parallel num_threads(4) reduction(+:sum)
    {
      #pragma omp single
      chunk = 16;
      sum += chunk;
    }
    return sum;
  }
};
int main() {
  Job j;
  std::printf("%ld\n", j.run());
}

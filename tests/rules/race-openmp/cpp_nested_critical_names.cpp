// The counter is always updated inside critical(counter), whatever else is held.
#include <cstdio>
int main() {
  int counter = 0, other = 0;
  #pragma omp parallel for
  for (int i = 0; i < 1000; i++) {
    #pragma omp critical(outer)
    {
      other += 1;
      #pragma omp critical(counter)
      counter += 2;
    }
    #pragma omp critical(counter)
    counter -= 1;
  }
  std::printf("%d %d\n", counter, other);
}

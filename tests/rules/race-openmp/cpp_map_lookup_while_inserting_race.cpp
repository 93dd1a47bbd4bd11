// One section inserts into a map while the other looks keys up in it.
#include <cstdio>
#include <map>
int main() {
  std::map<int, int> table;
  long found = 0;
  #pragma omp parallel sections num_threads(2)
  {
    #pragma omp section
    for (int k = 0; k < 2000; k++)
      table[k] = k; // expect: race-openmp
    #pragma omp section
    for (int k = 0; k < 2000; k++)
      found += table.count(k);
  }
  std::printf("%d\n", found >= 0);
}

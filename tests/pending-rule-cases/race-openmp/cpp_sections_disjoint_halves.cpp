// sections writing different halves of a vector.
#include <cstdio>
#include <vector>
int main() {
  std::vector<int> v(1000);
  #pragma omp parallel sections
  {
    #pragma omp section
    for (int i = 0; i < 500; i++)
      v[i] = 1;
    #pragma omp section
    for (int i = 500; i < 1000; i++)
      v[i] = 2;
  }
  std::printf("%d\n", v[0] + v[999]);
}

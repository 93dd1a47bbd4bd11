// Every thread adds its partial result to a data member inside a critical section.
#include <cstdio>
class Stats {
public:
  double total = 0;
  void add_all(const double *v, int n) {
    #pragma omp parallel
    {
      double mine = 0;
      #pragma omp for
      for (int i = 0; i < n; i++)
        mine += v[i];
      #pragma omp critical
      total += mine;
    }
  }
};
int main() {
  static double v[1000];
  for (int i = 0; i < 1000; i++)
    v[i] = 1.0;
  Stats s;
  s.add_all(v, 1000);
  std::printf("%f\n", s.total);
}

// A parallel loop calls a member function that updates the object's running maximum.
#include <cstdio>
class Peak {
public:
  int best = 0;
  void offer(int v) {
    if (v > best)
      best = v; // expect: race-openmp
  }
  void scan(const int *v, int n) {
    #pragma omp parallel for
    for (int i = 0; i < n; i++)
      offer(v[i]);
  }
};
int main() {
  static int v[4000];
  for (int i = 0; i < 4000; i++)
    v[i] = (i * 37) % 1000;
  Peak p;
  p.scan(v, 4000);
  std::printf("%d\n", p.best);
}

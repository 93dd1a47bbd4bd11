// A member function's parallel loop increments a data member: one field for every thread.
#include <cstdio>
class Scanner {
public:
  int matches = 0;
  void scan(const int *text, int n) {
    #pragma omp parallel for
    for (int i = 0; i < n; i++)
      if (text[i] == 7)
        matches++; // expect: race-openmp
  }
};
int main() {
  static int text[4000];
  for (int i = 0; i < 4000; i++)
    text[i] = i % 10;
  Scanner s;
  s.scan(text, 4000);
  std::printf("%d\n", s.matches);
}

// The member is written once, after the region; the loop reduces into a local.
#include <cstdio>
class Scanner {
public:
  int matches = 0;
  void scan(const int *text, int n) {
    int found = 0;
    #pragma omp parallel for reduction(+:found)
    for (int i = 0; i < n; i++)
      if (text[i] == 7)
        found++;
    matches = found;
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

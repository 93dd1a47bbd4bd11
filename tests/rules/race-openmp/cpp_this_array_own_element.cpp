// A member function fills the object's own array, each iteration its element, reading
// another member that nobody writes.
#include <cstdio>
struct Table {
  int factor = 3;
  int cells[1000];
  void fill() {
    #pragma omp parallel for
    for (int i = 0; i < 1000; i++)
      cells[i] = i * factor;
  }
};
int main() {
  static Table t;
  t.fill();
  std::printf("%d\n", t.cells[999]);
}

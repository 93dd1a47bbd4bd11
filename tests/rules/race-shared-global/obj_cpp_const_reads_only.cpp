// Threads only read a local table that main filled before starting them and does not change
// until they are joined.
#include <functional>
#include <iostream>
#include <thread>
#include <vector>

static long sum_of(const std::vector<int> &table, long &out) {
  long s = 0;
  for (int v : table)
    s += v;
  out = s;
  return s;
}

int main() {
  std::vector<int> table(100, 3);
  long ra = 0, rb = 0;
  std::thread a(sum_of, std::cref(table), std::ref(ra));
  std::thread b(sum_of, std::cref(table), std::ref(rb));
  a.join();
  b.join();
  std::cout << ra + rb << "\n";
}

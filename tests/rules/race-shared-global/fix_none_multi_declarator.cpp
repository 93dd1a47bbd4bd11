// No fix: `evens` shares its declaration with `odds` (`std::vector<int> evens, odds;`), so a
// mutex cannot be declared "after it" without touching the other variable's declaration.
#include <thread>
#include <vector>

std::vector<int> evens, odds;

void sort_into(int first) {
  for (int i = first; i < first + 200; ++i)
    if (i % 2 == 0)
      evens.push_back(i);  // expect: race-shared-global
}

int main() {
  std::thread a(sort_into, 0);
  std::thread b(sort_into, 200);
  a.join();
  b.join();
  odds.push_back(1);
  return evens.size() == 200 ? 0 : 1;  // no finding: after both joins
}

// std::bind objects (one stored in a variable, one temporary) are the thread callables; both end
// up in the same unsynchronised update of a global.
#include <functional>
#include <thread>

long total_weight = 0;

static void add_weight(int grams, int times) {
  for (int i = 0; i < times; ++i)
    total_weight += grams;  // expect: race-shared-global
}

int main() {
  auto heavy = std::bind(add_weight, 500, 20);
  std::thread a(heavy);
  std::thread b(std::bind(add_weight, 5, 20));
  a.join();
  b.join();
  return total_weight == 10100 ? 0 : 1;  // no finding: after the joins
}

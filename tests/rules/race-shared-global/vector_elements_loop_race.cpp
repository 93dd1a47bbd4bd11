// v[i] = f(v[i]) writes the elements, and size() reads the vector object: one finding, on the element write.
#include <cstddef>
#include <thread>
#include <vector>

std::vector<int> values(8, 1);

void double_all() {
  for (std::size_t i = 0; i < values.size(); ++i)  // no finding: size() reads the object, which no thread writes
    values[i] = values[i] * 2;  // expect: race-shared-global
}

int main() {
  std::thread a(double_all);
  std::thread b(double_all);
  a.join();
  b.join();
  return values[0] == 4 ? 0 : 1;  // no finding: after both joins
}

// Writing an element does not conflict with size(), which reads only the vector object: no race.
#include <cstddef>
#include <thread>
#include <vector>

std::vector<int> slots(4);

void fill_first() { slots[0] = 7; }  // no finding: writes an element, which main does not touch while the thread runs

int main() {
  std::thread t(fill_first);
  std::size_t n = slots.size();  // no finding: reads the vector object, which no thread writes
  t.join();
  return slots[0] == 7 && n == 4 ? 0 : 1;  // no finding: after join
}

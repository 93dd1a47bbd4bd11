// push_back (writes the vector object) in one thread and size() (reads it) in main race, on the push_back.
#include <cstddef>
#include <thread>
#include <vector>

std::vector<int> items;

void produce() {
  for (int i = 0; i < 10; ++i)
    items.push_back(i);  // expect: race-shared-global
}

int main() {
  std::thread t(produce);
  std::size_t n = items.size();  // no finding: racy read, but the finding goes on the write (push_back)
  t.join();
  return n > items.size();  // no finding: after join
}

// push_back writes the vector object: two threads appending to a global vector race.
#include <thread>
#include <vector>

std::vector<int> entries;

void append(int v) {
  for (int i = 0; i < 10; ++i)
    entries.push_back(v);  // expect: race-shared-global
}

int main() {
  entries.reserve(32);  // no finding: before the threads start (and no reallocation while they run)
  std::thread a(append, 1);
  std::thread b(append, 2);
  a.join();
  b.join();
  return entries.size() == 20 ? 0 : 1;  // no finding: after both joins
}

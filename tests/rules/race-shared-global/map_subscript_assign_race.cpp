// m[k] = x on a std::map may insert, so it writes the map object: two threads doing it race.
#include <map>
#include <string>
#include <thread>

std::map<std::string, int> seen;

void mark(const char *word) {
  seen[word] = 1;  // expect: race-shared-global
}

int main() {
  std::thread a(mark, "apple");
  std::thread b(mark, "pear");
  a.join();
  b.join();
  return seen.size() == 2 ? 0 : 1;  // no finding: after both joins
}

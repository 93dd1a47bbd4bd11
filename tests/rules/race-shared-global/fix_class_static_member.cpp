// Fix case: a class static data member (a std::vector, declared in the class, defined out of
// line) written by two threads. The mutex becomes a `static inline` member declared after it in
// the class; the out-of-line definition needs none.
#include <string>
#include <thread>
#include <vector>

class Journal {
public:
  static std::vector<std::string> entries;

  static void record(const char *who) {
    for (int i = 0; i < 300; ++i)
      entries.emplace_back(who);  // expect-fixed: race-shared-global
  }
};

std::vector<std::string> Journal::entries;

int main() {
  std::thread a(&Journal::record, "a");
  std::thread b(&Journal::record, "b");
  a.join();
  b.join();
  return Journal::entries.size() == 600 ? 0 : 1;  // no finding: after both joins
}

// No fix: the racing access is written inside a macro (`LOG`), so neither the statement nor the
// access can be rewritten where it is spelled. The finding stays, with no fix-it.
#include <string>
#include <thread>
#include <vector>

std::vector<std::string> messages;

#define LOG(text) messages.emplace_back(text)

void chatter(const char *who) {
  for (int i = 0; i < 100; ++i)
    LOG(who);  // expect: race-shared-global
}

int main() {
  std::thread a(chatter, "a");
  std::thread b(chatter, "b");
  a.join();
  b.join();
  return messages.size() == 200 ? 0 : 1;  // no finding: after both joins
}

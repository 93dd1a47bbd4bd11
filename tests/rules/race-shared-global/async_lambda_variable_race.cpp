// A lambda kept in a variable runs via std::async(std::launch::async, ...) on its own thread; main
// reads the global it writes before calling get().
#include <future>

int loaded_rows = 0;

int main() {
  auto load = [] {
    loaded_rows = 500;  // expect: race-shared-global
    return 1;
  };
  std::future<int> pending = std::async(std::launch::async, load);
  int peek = loaded_rows;  // no finding: the read of the pair; the lambda's write is primary
  int ok = pending.get();
  return ok + peek > 1000;
}

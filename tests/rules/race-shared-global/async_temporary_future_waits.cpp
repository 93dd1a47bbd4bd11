// A discarded std::async future is a temporary whose destructor waits: the task ends within the statement.
#include <future>

int ticks = 0;

void tick() { ticks += 1; }  // no finding: each task ends before the next statement

int main() {
  std::async(std::launch::async, tick);
  (void)std::async(std::launch::async, tick);
  return ticks == 2 ? 0 : 1;  // no finding: both temporaries' destructors waited
}

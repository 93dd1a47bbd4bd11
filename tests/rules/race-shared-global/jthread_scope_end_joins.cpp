// The end of a std::jthread's scope joins it: accesses after the scope are ordered with it.
#include <thread>

int result = 0;

void compute() { result = result * 2 + 42; }  // no finding: main touches result only before the start and after the join

int main() {
  result = 1;  // no finding: before the thread starts
  {
    std::jthread t(compute);
  }
  return result == 44 ? 0 : 1;  // no finding: after the scope end joined the jthread
}

// std::async with the default policy may run the task on another thread: a read before get() races.
#include <future>

int answer = 0;

void compute() { answer = 42; }  // expect: race-shared-global

int main() {
  auto f = std::async(compute);
  int early = answer;  // no finding: racy read, but the finding goes on the write in compute
  f.get();
  return early + answer == 0;  // no finding: after get()
}

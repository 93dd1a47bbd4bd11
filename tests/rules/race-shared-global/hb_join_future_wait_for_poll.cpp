// A loop that polls future::wait_for until it reports ready: the task's completion is ordered before the read after the loop.
#include <chrono>
#include <cstdio>
#include <future>

long indexed_docs = 0;

void build_index() {
  for (int i = 0; i < 200; i++)
    indexed_docs += 1;  // no finding: main reads it only once the future is ready
}

int main() {
  using namespace std::chrono_literals;
  std::future<void> done = std::async(std::launch::async, build_index);
  int ticks = 0;
  while (done.wait_for(1ms) != std::future_status::ready)
    ++ticks;
  std::printf("%ld docs after %d ticks\n", indexed_docs, ticks);  // no finding: wait_for returned ready
  return 0;
}

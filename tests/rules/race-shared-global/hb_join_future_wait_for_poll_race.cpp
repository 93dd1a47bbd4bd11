// Twin of hb_join_future_wait_for_poll.cpp: the polling loop shows the progress while wait_for still times out, that is while the task runs.
#include <chrono>
#include <cstdio>
#include <future>
#include <thread>

long indexed_docs = 0;

void build_index() {
  for (int i = 0; i < 200; i++) {
    indexed_docs += 1;  // expect: race-shared-global
    std::this_thread::sleep_for(std::chrono::microseconds(50));
  }
}

int main() {
  using namespace std::chrono_literals;
  std::future<void> done = std::async(std::launch::async, build_index);
  while (done.wait_for(1ms) != std::future_status::ready)
    std::printf("%ld docs so far\n", indexed_docs);  // no finding: racy read, but the finding goes on the write
  std::printf("%ld docs\n", indexed_docs);  // no finding: wait_for returned ready
  return 0;
}

// Twin of hb_join_shared_future_start_signal.cpp: the settings are written after set_value, when the workers may already read them.
#include <cstdio>
#include <future>
#include <thread>

int batch_size = 0;

void worker(std::shared_future<void> go, int id) {
  go.wait();
  std::printf("worker %d: batches of %d\n", id, batch_size);  // no finding: racy read, but the finding goes on the write
}

int main() {
  std::promise<void> start;
  std::shared_future<void> go = start.get_future().share();
  std::thread a(worker, go, 1);
  std::thread b(worker, go, 2);
  start.set_value();
  batch_size = 64;  // expect: race-shared-global
  a.join();
  b.join();
  return 0;
}

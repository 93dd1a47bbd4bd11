// Main publishes the settings and then fulfils a promise; the workers wait on a shared_future of it before reading them.
#include <cstdio>
#include <future>
#include <thread>

int batch_size = 0;

void worker(std::shared_future<void> go, int id) {
  go.wait();
  std::printf("worker %d: batches of %d\n", id, batch_size);  // no finding: read after wait(), which set_value() synchronises with
}

int main() {
  std::promise<void> start;
  std::shared_future<void> go = start.get_future().share();
  std::thread a(worker, go, 1);
  std::thread b(worker, go, 2);
  batch_size = 64;  // no finding: written before set_value(); the workers read it after their wait()
  start.set_value();
  a.join();
  b.join();
  return 0;
}

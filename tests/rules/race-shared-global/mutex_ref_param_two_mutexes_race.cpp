// C++: add() guards the update with a lock_guard on the std::mutex& it receives, but each thread
// passes a different mutex.
#include <mutex>
#include <thread>

std::mutex reads_mutex;
std::mutex writes_mutex;
long io_ops = 0;

static void add(std::mutex &m, long n) {
  std::lock_guard<std::mutex> guard(m);
  io_ops += n;  // expect: race-shared-global
}

int main() {
  std::thread reader([] { for (int i = 0; i < 100; ++i) add(reads_mutex, 1); });
  std::thread writer([] { for (int i = 0; i < 100; ++i) add(writes_mutex, 2); });
  reader.join();
  writer.join();
  return io_ops == 300 ? 0 : 1;  // no finding: after the joins
}

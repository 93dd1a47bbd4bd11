// C++: add() takes its std::mutex by reference; every caller, including main, passes the same
// mutex, so the updates are serialised.
#include <mutex>
#include <thread>

std::mutex io_mutex;
long io_ops = 0;

static void add(std::mutex &m, long n) {
  std::lock_guard<std::mutex> guard(m);
  io_ops += n;  // no finding: every caller passes io_mutex
}

int main() {
  std::thread reader([] { for (int i = 0; i < 100; ++i) add(io_mutex, 1); });
  std::thread writer(
      [](std::mutex &m) {
        for (int i = 0; i < 100; ++i) add(m, 2);
      },
      std::ref(io_mutex));
  add(io_mutex, 1000);
  reader.join();
  writer.join();
  return io_ops == 1300 ? 0 : 1;  // no finding: after the joins
}

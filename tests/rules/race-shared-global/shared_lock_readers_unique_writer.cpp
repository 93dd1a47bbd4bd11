// Readers under shared_lock and a writer under unique_lock of the same shared_mutex: no race.
#include <atomic>
#include <mutex>
#include <shared_mutex>
#include <thread>

std::shared_mutex rw;
int config_version = 0;
std::atomic<int> observed{0};

void reader() {
  std::shared_lock<std::shared_mutex> lock(rw);
  observed += config_version;  // no finding: a read under the shared lock; the writer holds it exclusively
}

void writer() {
  std::unique_lock<std::shared_mutex> lock(rw);
  ++config_version;  // no finding: exclusive lock
}

int main() {
  std::thread r1(reader);
  std::thread r2(reader);
  std::thread w(writer);
  r1.join();
  r2.join();
  w.join();
  return config_version == 1 ? 0 : 1;
}

// A writer that takes only the shared lock races with readers holding the same shared lock.
#include <atomic>
#include <shared_mutex>
#include <thread>

std::shared_mutex rw;
int config_version = 0;
std::atomic<int> observed{0};

void reader() {
  std::shared_lock<std::shared_mutex> lock(rw);
  observed += config_version;  // no finding: both sides hold a lock, so the finding goes on the write
}

void writer() {
  std::shared_lock<std::shared_mutex> lock(rw);
  ++config_version;  // expect: race-shared-global
}

int main() {
  std::thread r(reader);
  std::thread w(writer);
  r.join();
  w.join();
  return config_version == 1 ? 0 : 1;
}

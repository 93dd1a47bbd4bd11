#include <mutex>
#include <thread>

int value = 0;
std::mutex m;

int main() {
  m.lock();  // expect: lock-manual(info)
  value = 1;
  auto critical = [] {
    std::lock_guard<std::mutex> g(m);  // no finding: the lambda's own guard
    ++value;
  };
  m.unlock();
  std::thread t(critical);  // critical is used after the unlock: braces would hide it, no fix
  t.join();
}

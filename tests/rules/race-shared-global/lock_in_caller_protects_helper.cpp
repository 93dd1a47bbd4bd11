// The lock set flows into callees: a helper called under the caller's lock is protected.
#include <mutex>
#include <thread>

std::mutex m;
int events = 0;

void bump() { ++events; }  // no finding: every caller holds m

void handle() {
  for (int i = 0; i < 100; ++i) {
    std::lock_guard<std::mutex> lock(m);
    bump();
  }
}

int main() {
  std::thread a(handle);
  std::thread b(handle);
  a.join();
  b.join();
  return events == 200 ? 0 : 1;
}

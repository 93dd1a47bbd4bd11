// A std::latch as a start gate: main writes the settings, then counts the latch down; the workers wait on it before reading them.
#include <cstdio>
#include <latch>
#include <thread>

std::latch go(1);
long timeout_ms = 0;

void client(int id) {
  go.wait();
  std::printf("client %d: timeout %ld ms\n", id, timeout_ms);  // no finding: after go.wait(), which count_down() synchronises with
}

int main() {
  std::thread a(client, 1);
  std::thread b(client, 2);
  timeout_ms = 250;  // no finding: before count_down(); the clients read it after their wait()
  go.count_down();
  a.join();
  b.join();
  return 0;
}

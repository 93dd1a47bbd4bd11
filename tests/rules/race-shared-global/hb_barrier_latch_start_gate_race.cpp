// Twin of hb_barrier_latch_start_gate.cpp: main opens the gate first and writes the settings after, when the clients may already read them.
#include <cstdio>
#include <latch>
#include <thread>

std::latch go(1);
long timeout_ms = 0;

void client(int id) {
  go.wait();
  std::printf("client %d: timeout %ld ms\n", id, timeout_ms);  // no finding: racy read, but the finding goes on the write
}

int main() {
  std::thread a(client, 1);
  std::thread b(client, 2);
  go.count_down();
  timeout_ms = 250;  // expect: race-shared-global
  a.join();
  b.join();
  return 0;
}

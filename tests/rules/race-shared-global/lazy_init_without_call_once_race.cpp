// Hand-rolled lazy initialisation without call_once: the flag and the value both race (two findings).
#include <atomic>
#include <thread>

bool initialised = false;
long base = 0;  // a long: its own 8-byte TSan shadow word, so TSan reports both races
std::atomic<long> sum{0};

long lookup(int x) {
  if (!initialised) {  // no finding: racy read of initialised, but the finding goes on its write
    base = 100;  // expect: race-shared-global
    initialised = true;  // expect: race-shared-global
  }
  return base + x;  // no finding: racy read of base, but the finding goes on its write
}

void client(int x) { sum += lookup(x); }

int main() {
  std::thread a(client, 1);
  std::thread b(client, 2);
  a.join();
  b.join();
  return sum == 203 ? 0 : 1;
}

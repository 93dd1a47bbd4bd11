// Explicit m.lock() / m.unlock() around every access: no race.
#include <mutex>
#include <thread>

std::mutex m;
int balance = 0;

void deposit() {
  for (int i = 0; i < 100; ++i) {
    m.lock();
    balance += 1;  // no finding: both threads hold m
    m.unlock();
  }
}

int main() {
  std::thread a(deposit);
  std::thread b(deposit);
  a.join();
  b.join();
  return balance == 200 ? 0 : 1;
}

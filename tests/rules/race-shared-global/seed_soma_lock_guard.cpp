// The seed with a lock: both threads update soma under the same std::mutex (lock_guard).
#include <mutex>
#include <thread>

long soma = 0;
std::mutex soma_mutex;

void add(long step) {
  for (int i = 0; i < 1000; ++i) {
    std::lock_guard<std::mutex> lock(soma_mutex);
    soma = soma + step;  // no finding: both threads hold soma_mutex
  }
}

int main() {
  std::thread a(add, 1);
  std::thread b(add, 2);
  a.join();
  b.join();
  return soma == 3000 ? 0 : 1;
}

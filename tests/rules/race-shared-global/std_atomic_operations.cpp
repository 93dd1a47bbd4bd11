// std::atomic globals: ++, +=, fetch_add, load/store and exchange from several threads are no race.
#include <atomic>
#include <thread>

std::atomic<int> hits{0};
std::atomic<long> bytes{0};
std::atomic<bool> stop{false};

void work() {
  for (int i = 0; i < 100; ++i) {
    hits++;  // no finding: atomic
    hits += 2;  // no finding: atomic
    bytes.fetch_add(10);  // no finding: atomic
    if (stop.load())  // no finding: atomic
      break;
  }
  stop.exchange(false);  // no finding: atomic
}

int main() {
  std::thread a(work);
  std::thread b(work);
  a.join();
  b.join();
  return hits == 600 && bytes == 2000 ? 0 : 1;
}

// A local std::atomic captured by reference: its operations are atomic, nothing races.
#include <atomic>
#include <iostream>
#include <thread>

int main() {
  std::atomic<long> hits{0};
  std::thread a([&] { for (int i = 0; i < 1000; ++i) hits.fetch_add(1); });
  std::thread b([&] { for (int i = 0; i < 1000; ++i) ++hits; });
  a.join();
  b.join();
  std::cout << hits.load() << "\n";
}

// Two threads update a captured local under a captured local mutex.
#include <iostream>
#include <mutex>
#include <thread>
#include <vector>

int main() {
  std::vector<int> log;
  std::mutex m;
  auto work = [&](int base) {
    for (int i = 0; i < 100; ++i) {
      std::lock_guard<std::mutex> hold(m);
      log.push_back(base + i);
    }
  };
  std::thread a(work, 0), b(work, 1000);
  a.join();
  b.join();
  std::cout << log.size() << "\n";
}

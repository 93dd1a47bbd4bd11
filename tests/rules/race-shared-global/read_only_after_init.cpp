// Globals written only before the threads start and only read while they run are no race.
#include <atomic>
#include <thread>
#include <vector>

std::vector<int> config;
int threshold = 0;
std::atomic<int> above{0};

void scan() {
  for (int v : config)  // no finding: config is only read once the threads run
    if (v > threshold)  // no finding: threshold is only read once the threads run
      ++above;
}

int main() {
  config = {1, 5, 9};
  threshold = 4;
  std::thread a(scan);
  std::thread b(scan);
  a.join();
  b.join();
  return above == 4 ? 0 : 1;
}

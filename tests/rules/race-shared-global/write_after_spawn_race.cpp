// "Initialisation" after the readers have started is a write concurrent with their reads.
#include <atomic>
#include <thread>

int threshold = 0;
std::atomic<int> above{0};

void check(int v) {
  if (v > threshold)  // no finding: racy read, but the finding goes on the write in main
    ++above;
}

int main() {
  std::thread a(check, 5);
  threshold = 3;  // expect: race-shared-global
  a.join();
  return above == 1 ? 0 : 1;
}

#include <thread>
#include <utility>
#include <vector>

void work(int) {}

int main() {
  std::vector<std::thread> threads;  // no finding: every thread is joined below
  for (int i = 0; i < 4; ++i) {
    std::thread t(work, i);  // no finding: handed over to the vector
    threads.push_back(std::move(t));
  }
  for (auto &t : threads)
    t.join();
}

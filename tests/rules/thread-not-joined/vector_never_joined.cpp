#include <thread>
#include <vector>

void work(int) {}

int main() {
  std::vector<std::thread> threads;  // expect: thread-not-joined
  for (int i = 0; i < 4; ++i)
    threads.emplace_back(work, i);
}

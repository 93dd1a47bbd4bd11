// A vector of std::jthread destroyed at the end of its scope joins every thread it holds.
#include <mutex>
#include <thread>
#include <vector>

std::mutex m;
int done = 0;

void work() {
  std::lock_guard<std::mutex> lock(m);
  ++done;  // no finding: under m
}

int main() {
  {
    std::vector<std::jthread> pool;
    for (int i = 0; i < 3; ++i)
      pool.emplace_back(work);
  }
  return done == 3 ? 0 : 1;  // no finding: the vector's destruction joined all three jthreads
}

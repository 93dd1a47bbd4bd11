#include <cstddef>
#include <thread>
#include <vector>

void work(int) {}

int main() {
  std::thread pool[4];  // no finding: joined by index below
  for (int i = 0; i < 4; ++i)
    pool[i] = std::thread(work, i);
  for (int i = 0; i < 4; ++i)
    pool[i].join();
  std::vector<std::thread> more;  // no finding
  more.emplace_back(work, 5);
  for (std::size_t i = 0; i < more.size(); ++i)
    if (more[i].joinable())
      more[i].join();
}

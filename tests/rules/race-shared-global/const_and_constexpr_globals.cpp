// const and constexpr globals are never written: reading them from several threads is no race.
#include <atomic>
#include <string>
#include <thread>

const int weights[4] = {1, 2, 3, 4};
constexpr double scale = 2.5;
const std::string label = "worker";
std::atomic<double> total{0};

void work() {
  double sum = 0;
  for (int w : weights)  // no finding: const
    sum += w * scale;  // no finding: constexpr
  total.fetch_add(sum + static_cast<double>(label.size()));  // no finding: label is const
}

int main() {
  std::thread a(work);
  std::thread b(work);
  a.join();
  b.join();
  return total > 0 ? 0 : 1;
}

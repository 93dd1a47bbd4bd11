// std::bind forwards a std::ref to the mutex the helper locks; both bound calls pass the same
// mutex, so the helper's update is always protected.
#include <functional>
#include <mutex>
#include <thread>

std::mutex weight_mutex;
long total_weight = 0;

static void add_weight(std::mutex &m, int grams) {
  for (int i = 0; i < 20; ++i) {
    std::lock_guard<std::mutex> guard(m);
    total_weight += grams;  // no finding: both callers pass weight_mutex
  }
}

int main() {
  std::thread a(std::bind(add_weight, std::ref(weight_mutex), 500));
  auto light = std::bind(add_weight, std::ref(weight_mutex), 5);
  std::thread b(light);
  a.join();
  b.join();
  return total_weight == 10100 ? 0 : 1;  // no finding: after the joins
}

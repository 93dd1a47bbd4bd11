// The lambda held in a variable locks a std::mutex around its update and main does the same, so
// the two writers are serialised.
#include <mutex>
#include <thread>

std::mutex stock_mutex;
int stock = 100;

int main() {
  auto refill = [] {
    for (int i = 0; i < 10; ++i) {
      std::lock_guard<std::mutex> guard(stock_mutex);
      stock += 10;  // no finding: stock_mutex is held
    }
  };
  std::thread t(refill);
  {
    std::lock_guard<std::mutex> guard(stock_mutex);
    stock -= 1;  // no finding: stock_mutex is held
  }
  t.join();
  return stock == 199 ? 0 : 1;  // no finding: after the join
}

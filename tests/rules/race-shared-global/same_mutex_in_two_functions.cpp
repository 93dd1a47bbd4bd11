// Two different functions lock the same mutex around the same global: no race.
#include <mutex>
#include <thread>

std::mutex stock_mutex;
int stock = 10;

void restock() {
  std::lock_guard<std::mutex> lock(stock_mutex);
  stock += 5;  // no finding: every access holds stock_mutex
}

void sell() {
  std::lock_guard<std::mutex> lock(stock_mutex);
  if (stock > 0)  // no finding: every access holds stock_mutex
    --stock;  // no finding: every access holds stock_mutex
}

int main() {
  std::thread a(restock);
  std::thread b(sell);
  a.join();
  b.join();
  return stock == 14 ? 0 : 1;
}

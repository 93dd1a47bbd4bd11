// std::lock(a, b) then lock_guards with adopt_lock: both mutexes are held for the transfer.
#include <mutex>
#include <thread>

std::mutex from_mutex;
std::mutex to_mutex;
int from_balance = 100;
int to_balance = 0;

void transfer(int amount) {
  std::lock(from_mutex, to_mutex);
  std::lock_guard<std::mutex> a(from_mutex, std::adopt_lock);
  std::lock_guard<std::mutex> b(to_mutex, std::adopt_lock);
  from_balance -= amount;  // no finding: both threads hold from_mutex
  to_balance += amount;  // no finding: both threads hold to_mutex
}

int main() {
  std::thread t1(transfer, 10);
  std::thread t2(transfer, 20);
  t1.join();
  t2.join();
  return from_balance + to_balance == 100 ? 0 : 1;
}

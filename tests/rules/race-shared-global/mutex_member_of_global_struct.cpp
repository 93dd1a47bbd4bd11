// A global struct with its own mutex member: locking bank.mutex protects bank.balance, and locking is no write.
#include <mutex>
#include <thread>

struct Account {
  std::mutex mutex;
  int balance = 0;
};

Account bank;

void deposit(int amount) {
  std::lock_guard<std::mutex> lock(bank.mutex);  // no finding: locking the mutex member is not a racy write to bank
  bank.balance += amount;  // no finding: both threads hold bank.mutex
}

int main() {
  std::thread a(deposit, 5);
  std::thread b(deposit, 7);
  a.join();
  b.join();
  return bank.balance == 12 ? 0 : 1;
}

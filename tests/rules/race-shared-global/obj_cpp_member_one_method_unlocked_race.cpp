// One method locks the member mutex, another writes the same field without it.
#include <iostream>
#include <mutex>
#include <thread>

class Account {
public:
  void deposit(int amount) {
    std::lock_guard<std::mutex> lock(mutex_);
    balance_ += amount;
  }
  void fee(int amount) {
    balance_ -= amount;  // expect: race-shared-global
  }
  int balance() {
    std::lock_guard<std::mutex> lock(mutex_);
    return balance_;
  }
  void run() {
    std::thread t([this] {
      for (int i = 0; i < 1000; ++i)
        deposit(2);
    });
    for (int i = 0; i < 1000; ++i)
      fee(1);
    t.join();
  }

private:
  std::mutex mutex_;
  int balance_ = 0;
};

int main() {
  Account a;
  a.run();
  std::cout << a.balance() << "\n";
}

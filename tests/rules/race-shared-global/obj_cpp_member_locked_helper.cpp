// The public methods take the member mutex and call a private helper that writes: the helper
// runs with the lock held on every path.
#include <iostream>
#include <mutex>
#include <thread>

class Account {
public:
  void deposit(int amount) {
    std::lock_guard<std::mutex> lock(mutex_);
    apply(amount);
  }
  void fee(int amount) {
    std::lock_guard<std::mutex> lock(mutex_);
    apply(-amount);
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
  void apply(int delta) { balance_ += delta; }
  std::mutex mutex_;
  int balance_ = 0;
};

int main() {
  Account a;
  a.run();
  std::cout << a.balance() << "\n";
}

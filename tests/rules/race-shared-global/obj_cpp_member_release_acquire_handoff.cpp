// The worker fills the result, then sets a std::atomic<bool> member with release; the owner
// spins on it with acquire before reading: the hand-off orders the accesses.
#include <atomic>
#include <iostream>
#include <thread>

class Result {
public:
  void run() {
    std::thread t([this] {
      value_ = 42;
      ready_.store(true, std::memory_order_release);
    });
    while (!ready_.load(std::memory_order_acquire)) {
    }
    std::cout << value_ << "\n";
    t.join();
  }

private:
  int value_ = 0;
  std::atomic<bool> ready_{false};
};

int main() {
  Result r;
  r.run();
}

// The twin of obj_cpp_member_release_acquire_handoff.cpp with relaxed operations: nothing
// orders the write of the value with its read.
#include <atomic>
#include <iostream>
#include <thread>

class Result {
public:
  void run() {
    std::thread t([this] {
      value_ = 42;  // expect: race-shared-global
      ready_.store(true, std::memory_order_relaxed);
    });
    while (!ready_.load(std::memory_order_relaxed)) {
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

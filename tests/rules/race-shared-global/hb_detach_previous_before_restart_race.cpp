// The racy twin of hb_join_previous_before_restart.cpp: the handler detaches the previous
// recovery thread instead of joining it, so two may run at once.
#include <chrono>
#include <iostream>
#include <memory>
#include <mutex>
#include <thread>

class Handler {
public:
  void on_error() {
    if (recovery_)
      recovery_->detach();
    recovery_.reset(new std::thread(&Handler::recover, this));
  }
  void shutdown() {
    if (recovery_)
      recovery_->join();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  int attempts() const { return attempts_; }

private:
  void recover() {
    for (int i = 0; i < 100; ++i)
      attempts_ += 1;  // expect: race-shared-global
  }
  std::unique_ptr<std::thread> recovery_;
  int attempts_ = 0;
};

Handler handler;

void write_batch(int n) {
  if (n % 3 == 0)
    handler.on_error();
}

int main() {
  for (int n = 0; n < 10; ++n)
    write_batch(n);
  handler.on_error();
  handler.shutdown();
  std::cout << handler.attempts() << "\n";
}

// A recovery thread is restarted on every error, but the handler first joins the one it
// started before (a std::thread member): two recovery threads never run at once.
#include <iostream>
#include <memory>
#include <mutex>
#include <thread>

class Handler {
public:
  void on_error() {
    if (recovery_.joinable())
      recovery_.join();
    recovery_ = std::thread(&Handler::recover, this);
  }
  void shutdown() {
    if (recovery_.joinable())
      recovery_.join();
  }
  int attempts() const { return attempts_; }

private:
  void recover() {
    for (int i = 0; i < 100; ++i)
      attempts_ += 1;  // no finding: the previous recovery was joined before this one started
  }
  std::thread recovery_;
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

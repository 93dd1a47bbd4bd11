// The member is initialised once by std::call_once, then only read: no race.
#include <iostream>
#include <mutex>
#include <thread>

class Lazy {
public:
  int get() {
    std::call_once(once_, [this] { value_ = 42; });
    return value_;
  }
  void run() {
    int a = 0;
    std::thread t([this, &a] { a = get(); });
    int b = get();
    t.join();
    std::cout << a + b << "\n";
  }

private:
  std::once_flag once_;
  int value_ = 0;
};

int main() {
  Lazy l;
  l.run();
}

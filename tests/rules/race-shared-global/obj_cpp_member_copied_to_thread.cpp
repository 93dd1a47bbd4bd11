// The object is passed by value: the thread runs the method on its own copy.
#include <iostream>
#include <thread>

class Counter {
public:
  void run() {
    for (int i = 0; i < 1000; ++i)
      ++value_;
  }
  int value() const { return value_; }
  void reset() { value_ = 0; }

private:
  int value_ = 0;
};

int main() {
  Counter c;
  std::thread t(&Counter::run, c);
  c.reset();
  t.join();
  std::cout << c.value() << "\n";
}

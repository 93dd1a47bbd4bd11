// The thread runs std::bind(&Reader::loop, this); the owner resets the counter meanwhile.
#include <functional>
#include <iostream>
#include <thread>

class Reader {
public:
  void run() {
    std::thread t(std::bind(&Reader::loop, this));
    lines_ = 0;  // expect: race-shared-global
    t.join();
  }
  int lines() const { return lines_; }

private:
  void loop() {
    for (int i = 0; i < 100; ++i)
      lines_++;
  }
  int lines_ = 0;
};

int main() {
  Reader r;
  r.run();
  std::cout << r.lines() << "\n";
}

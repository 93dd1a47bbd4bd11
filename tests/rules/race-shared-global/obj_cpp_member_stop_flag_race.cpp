// A plain bool member as a stop flag: the destructor sets it while the worker reads it.
#include <chrono>
#include <iostream>
#include <thread>

class Ticker {
public:
  Ticker() : thread_(&Ticker::loop, this) {}
  ~Ticker() {
    stop_ = true;  // expect: race-shared-global
    thread_.join();
  }
  int ticks() const { return ticks_; }

private:
  void loop() {
    while (!stop_)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  bool stop_ = false;
  int ticks_ = 0;
  std::thread thread_;
};

int main() {
  Ticker t;
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  std::cout << t.ticks() << "\n";
}

// The twin of obj_cpp_member_stop_flag_race.cpp: the stop flag is std::atomic<bool>.
#include <atomic>
#include <chrono>
#include <iostream>
#include <thread>

class Ticker {
public:
  Ticker() : thread_(&Ticker::loop, this) {}
  ~Ticker() {
    stop_ = true;
    thread_.join();
  }
  int ticks() const { return ticks_; }

private:
  void loop() {
    while (!stop_)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  std::atomic<bool> stop_{false};
  int ticks_ = 0;
  std::thread thread_;
};

int main() {
  Ticker t;
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  std::cout << t.ticks() << "\n";
}

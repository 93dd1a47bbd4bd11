// A worker runs a method on `this`; the owner reads the counter before stopping it.
#include <iostream>
#include <thread>

class Worker {
public:
  void start() { thread_ = std::thread(&Worker::run, this); }
  void stop() { thread_.join(); }
  int processed() const { return processed_; }

private:
  void run() {
    for (int i = 0; i < 1000; ++i)
      ++processed_;  // expect: race-shared-global
  }
  std::thread thread_;
  int processed_ = 0;
};

int main() {
  Worker w;
  w.start();
  std::cout << w.processed() << "\n";
  w.stop();
}

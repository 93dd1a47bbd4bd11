// Two objects, each with its own thread; the owner reads one that has no thread running.
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
      ++processed_;
  }
  std::thread thread_;
  int processed_ = 0;
};

int main() {
  Worker a, idle;
  a.start();
  std::cout << idle.processed() << "\n";
  a.stop();
  std::cout << a.processed() << "\n";
}

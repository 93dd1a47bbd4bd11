// The twin of obj_cpp_member_thread_this_race.cpp: the counter is read after the join.
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
  Worker w;
  w.start();
  w.stop();
  std::cout << w.processed() << "\n";
}

// Each worker object runs its own thread on itself: started in a loop, stopped in a loop, the
// results read after. No two threads share an object.
#include <iostream>
#include <thread>
#include <vector>

class Worker {
public:
  void start(int n) {
    limit_ = n;
    thread_ = std::thread(&Worker::run, this);
  }
  void stop() { thread_.join(); }
  long result() const { return sum_; }

private:
  void run() {
    for (int i = 0; i < limit_; ++i)
      sum_ += i;
  }
  int limit_ = 0;
  long sum_ = 0;
  std::thread thread_;
};

int main() {
  std::vector<Worker> workers(4);
  for (Worker &w : workers)
    w.start(1000);
  for (Worker &w : workers)
    w.stop();
  long total = 0;
  for (const Worker &w : workers)
    total += w.result();
  std::cout << total << "\n";
}

// The thread reaches the global queue through a pointer to it, main by its name, both under
// the queue's own mutex: no race.
#include <iostream>
#include <mutex>
#include <thread>
#include <vector>

class Queue {
public:
  void push(int v) {
    std::lock_guard<std::mutex> guard(mutex_);
    items_.push_back(v);  // no finding: under the queue's mutex
  }
  size_t size() {
    std::lock_guard<std::mutex> guard(mutex_);
    return items_.size();
  }

private:
  std::mutex mutex_;
  std::vector<int> items_;
};

Queue jobs;

void producer() {
  Queue *q = &jobs;
  for (int i = 0; i < 100; ++i)
    q->push(i);
}

int main() {
  std::thread t(producer);
  for (int i = 0; i < 100; ++i)
    jobs.push(-i);
  t.join();
  std::cout << jobs.size() << "\n";
}

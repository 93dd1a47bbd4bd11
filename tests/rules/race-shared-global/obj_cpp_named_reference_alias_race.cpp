// The thread reaches the global queue through a reference; main through its name.
#include <iostream>
#include <thread>
#include <vector>

class Queue {
public:
  void push(int v) { items_.push_back(v); }  // expect: race-shared-global
  size_t size() const { return items_.size(); }

private:
  std::vector<int> items_;
};

Queue jobs;

void producer() {
  Queue &q = jobs;
  for (int i = 0; i < 100; ++i)
    q.push(i);
}

int main() {
  std::thread t(producer);
  for (int i = 0; i < 100; ++i)
    jobs.push(-i);
  t.join();
  std::cout << jobs.size() << "\n";
}

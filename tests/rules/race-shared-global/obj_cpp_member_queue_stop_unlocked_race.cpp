// The twin of obj_cpp_member_queue_condvar.cpp: the destructor sets the stop flag without the
// lock the worker reads it under.
#include <condition_variable>
#include <iostream>
#include <mutex>
#include <queue>
#include <thread>

class Queue {
public:
  Queue() : worker_(&Queue::drain, this) {}
  ~Queue() {
    stopping_ = true;  // expect: race-shared-global
    ready_.notify_one();
    worker_.join();
  }
  void push(int job) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      jobs_.push(job);
    }
    ready_.notify_one();
  }

private:
  void drain() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      ready_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty())
        return;
      done_ += jobs_.front();
      jobs_.pop();
    }
  }
  std::mutex mutex_;
  std::condition_variable ready_;
  std::queue<int> jobs_;
  bool stopping_ = false;
  long done_ = 0;
  std::thread worker_;
};

int main() {
  Queue q;
  for (int i = 0; i < 100; ++i)
    q.push(i);
  std::cout << "queued\n";
}

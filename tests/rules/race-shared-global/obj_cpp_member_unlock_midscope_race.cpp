// unique_lock released mid-scope: the write after unlock() is no longer guarded.
#include <iostream>
#include <mutex>
#include <thread>

class Meter {
public:
  void record(int v) {
    std::unique_lock<std::mutex> lock(mutex_);
    samples_ += 1;
    lock.unlock();
    last_ = v;  // expect: race-shared-global
  }
  void run() {
    std::thread t([this] {
      for (int i = 0; i < 1000; ++i)
        record(i);
    });
    for (int i = 0; i < 1000; ++i)
      record(-i);
    t.join();
  }
  int last() const { return last_; }

private:
  std::mutex mutex_;
  int samples_ = 0;
  int last_ = 0;
};

int main() {
  Meter m;
  m.run();
  std::cout << m.last() << "\n";
}

// The twin of obj_cpp_member_vector_push_race.cpp: a mutex member guards the vector.
#include <iostream>
#include <mutex>
#include <thread>
#include <vector>

class Collector {
public:
  void start() { thread_ = std::thread([this] { collect(); }); }
  void finish() { thread_.join(); }
  size_t count() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return items_.size();
  }

private:
  void collect() {
    for (int i = 0; i < 1000; ++i) {
      std::lock_guard<std::mutex> lock(mutex_);
      items_.push_back(i);
    }
  }
  mutable std::mutex mutex_;
  std::vector<int> items_;
  std::thread thread_;
};

int main() {
  Collector c;
  c.start();
  std::cout << c.count() << "\n";
  c.finish();
}

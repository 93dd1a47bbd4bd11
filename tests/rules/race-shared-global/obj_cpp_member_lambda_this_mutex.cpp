// The twin of obj_cpp_member_lambda_this_race.cpp: a mutex member guards both updates.
#include <iostream>
#include <mutex>
#include <thread>

class Server {
public:
  void serve() {
    std::thread helper([this] {
      for (int i = 0; i < 500; ++i) {
        std::lock_guard<std::mutex> lock(mutex_);
        handled_ += 1;
      }
    });
    for (int i = 0; i < 500; ++i) {
      std::lock_guard<std::mutex> lock(mutex_);
      handled_ += 1;
    }
    helper.join();
  }
  int handled() const { return handled_; }

private:
  std::mutex mutex_;
  int handled_ = 0;
};

int main() {
  Server s;
  s.serve();
  std::cout << s.handled() << "\n";
}

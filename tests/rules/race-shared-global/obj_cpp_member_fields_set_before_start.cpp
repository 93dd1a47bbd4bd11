// The constructor sets every field before it starts the thread; afterwards only the thread
// touches them until the join.
#include <iostream>
#include <string>
#include <thread>

class Job {
public:
  Job(std::string name, int rounds) : name_(std::move(name)), rounds_(rounds) {
    done_ = 0;
    thread_ = std::thread(&Job::run, this);
  }
  int wait() {
    thread_.join();
    return done_;
  }

private:
  void run() {
    for (int i = 0; i < rounds_; ++i)
      done_ += static_cast<int>(name_.size());
  }
  std::string name_;
  int rounds_;
  int done_;
  std::thread thread_;
};

int main() {
  Job j("index", 10);
  std::cout << j.wait() << "\n";
}

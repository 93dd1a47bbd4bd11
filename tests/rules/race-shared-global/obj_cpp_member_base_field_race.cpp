// The subclass's thread writes a field of its base class that a base method reads.
#include <iostream>
#include <thread>

class Progress {
public:
  int percent() const { return percent_; }

protected:
  int percent_ = 0;
};

class Task : public Progress {
public:
  void start() { thread_ = std::thread([this] { work(); }); }
  void wait() { thread_.join(); }

private:
  void work() {
    for (int i = 0; i <= 100; ++i)
      percent_ = i;  // expect: race-shared-global
  }
  std::thread thread_;
};

int main() {
  Task t;
  t.start();
  std::cout << t.percent() << "\n";
  t.wait();
}

// A member object's method runs on the worker and on the owner: its fields are shared too.
#include <iostream>
#include <thread>

class Stats {
public:
  void hit() { hits_++; }  // expect: race-shared-global
  int hits() const { return hits_; }

private:
  int hits_ = 0;
};

class Frontend {
public:
  void start() { thread_ = std::thread([this] { for (int i = 0; i < 500; ++i) stats_.hit(); }); }
  void stop() { thread_.join(); }
  void request() { stats_.hit(); }
  int hits() const { return stats_.hits(); }

private:
  Stats stats_;
  std::thread thread_;
};

int main() {
  Frontend f;
  f.start();
  f.request();
  f.stop();
  std::cout << f.hits() << "\n";
}

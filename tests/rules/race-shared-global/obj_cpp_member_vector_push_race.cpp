// The worker pushes into a std::vector member while the owner asks for its size.
#include <iostream>
#include <thread>
#include <vector>

class Collector {
public:
  void start() { thread_ = std::thread([this] { collect(); }); }
  void finish() { thread_.join(); }
  size_t count() const { return items_.size(); }

private:
  void collect() {
    for (int i = 0; i < 1000; ++i)
      items_.push_back(i);  // expect: race-shared-global
  }
  std::vector<int> items_;
  std::thread thread_;
};

int main() {
  Collector c;
  c.start();
  std::cout << c.count() << "\n";
  c.finish();
}

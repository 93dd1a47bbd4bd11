// The worker appends to a std::string member; the owner reads its size meanwhile.
#include <iostream>
#include <string>
#include <thread>

class Log {
public:
  void start() { thread_ = std::thread([this] { fill(); }); }
  void stop() { thread_.join(); }
  size_t length() const { return text_.size(); }

private:
  void fill() {
    for (int i = 0; i < 100; ++i)
      text_ += "line\n";  // expect: race-shared-global
  }
  std::string text_;
  std::thread thread_;
};

int main() {
  Log l;
  l.start();
  std::cout << l.length() << "\n";
  l.stop();
}

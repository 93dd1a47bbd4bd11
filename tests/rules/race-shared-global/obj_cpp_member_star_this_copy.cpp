// A lambda capturing `*this` by copy works on its own copy of the object.
#include <iostream>
#include <thread>

class Report {
public:
  void render() {
    std::thread t([*this]() mutable {
      for (int i = 0; i < 100; ++i)
        lines_ += 1;
      std::cout << lines_ << "\n";
    });
    lines_ = 0;
    t.join();
  }

private:
  int lines_ = 3;
};

int main() {
  Report r;
  r.render();
}

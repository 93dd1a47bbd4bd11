// The thread's method calls a helper method that writes; the owner calls a reader meanwhile.
#include <iostream>
#include <string>
#include <thread>

class Cache {
public:
  void warm() { thread_ = std::thread(&Cache::fill, this); }
  void done() { thread_.join(); }
  size_t size() const { return entries_; }

private:
  void fill() {
    for (int i = 0; i < 100; ++i)
      insert(std::to_string(i));
  }
  void insert(const std::string &key) {
    entries_ += key.empty() ? 0 : 1;  // expect: race-shared-global
  }
  size_t entries_ = 0;
  std::thread thread_;
};

int main() {
  Cache c;
  c.warm();
  std::cout << c.size() << "\n";
  c.done();
}

// The constructor starts the thread; the owner polls a plain member while it runs.
#include <iostream>
#include <thread>

class Loader {
public:
  Loader() : thread_(&Loader::load, this) {}
  ~Loader() { thread_.join(); }
  long bytes() const { return bytes_; }

private:
  void load() {
    for (int i = 0; i < 100; ++i)
      bytes_ += 4096;  // expect: race-shared-global
  }
  long bytes_ = 0;
  std::thread thread_;
};

int main() {
  Loader l;
  std::cout << l.bytes() << "\n";
}

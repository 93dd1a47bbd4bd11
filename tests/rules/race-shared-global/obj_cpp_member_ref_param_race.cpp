// A free function takes the object by reference; two threads call it with std::ref.
#include <functional>
#include <iostream>
#include <thread>

class Counter {
public:
  void add(int n) { total_ += n; }  // expect: race-shared-global
  int total() const { return total_; }

private:
  int total_ = 0;
};

static void work(Counter &c) {
  for (int i = 0; i < 1000; ++i)
    c.add(1);
}

int main() {
  Counter c;
  std::thread a(work, std::ref(c));
  std::thread b(work, std::ref(c));
  a.join();
  b.join();
  std::cout << c.total() << "\n";
}

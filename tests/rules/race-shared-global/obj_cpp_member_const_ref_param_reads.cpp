// Two threads read the object through a const reference: no write, no race.
#include <functional>
#include <iostream>
#include <thread>

class Counter {
public:
  explicit Counter(int t) : total_(t) {}
  int total() const { return total_; }

private:
  int total_;
};

static void show(const Counter &c, int *out) { *out = c.total(); }

int main() {
  Counter c(5);
  int a = 0, b = 0;
  std::thread x(show, std::cref(c), &a);
  std::thread y(show, std::cref(c), &b);
  x.join();
  y.join();
  std::cout << a + b << "\n";
}

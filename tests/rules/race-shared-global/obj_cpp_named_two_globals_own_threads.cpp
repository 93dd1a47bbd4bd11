// Two global counters of one class, each updated by a thread of its own: one class, two
// objects, no race. (A method's fields belong to the object it is called on.)
#include <iostream>
#include <thread>

class Counter {
public:
  void add(int n) { total_ += n; }  // no finding: `requests` and `errors` are two objects
  long total() const { return total_; }

private:
  long total_ = 0;
};

Counter requests;
Counter errors;

int main() {
  std::thread a([] { for (int i = 0; i < 1000; ++i) requests.add(i); });
  std::thread b([] { for (int i = 0; i < 1000; ++i) errors.add(1); });
  a.join();
  b.join();
  std::cout << requests.total() << " " << errors.total() << "\n";
}

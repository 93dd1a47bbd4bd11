// The racy twin of obj_cpp_named_two_globals_own_threads.cpp: both threads count in the
// same global counter.
#include <iostream>
#include <thread>

class Counter {
public:
  void add(int n) { total_ += n; }  // expect: race-shared-global
  long total() const { return total_; }

private:
  long total_ = 0;
};

Counter requests;
Counter errors;

int main() {
  std::thread a([] { for (int i = 0; i < 1000; ++i) requests.add(i); });
  std::thread b([] { for (int i = 0; i < 1000; ++i) requests.add(1); });
  a.join();
  b.join();
  std::cout << requests.total() << " " << errors.total() << "\n";
}

// A thread runs a method on a local object while main calls another method on it.
#include <iostream>
#include <thread>

class Worker {
public:
  void run() {
    for (int i = 0; i < 1000; ++i)
      done_ += 1;  // expect: race-shared-global
  }
  void reset() { done_ = 0; }
  int done() const { return done_; }

private:
  int done_ = 0;
};

int main() {
  Worker w;
  std::thread t(&Worker::run, &w);
  w.reset();
  t.join();
  std::cout << w.done() << "\n";
}

// The thread runs a method on `w`, which counts in a public field; main writes the field
// directly while the thread runs.
#include <iostream>
#include <thread>

struct Walker {
  void run() {
    for (int i = 0; i < 1000; ++i)
      steps += 1;  // expect: race-shared-global
  }
  int steps = 0;
};

int main() {
  Walker w;
  std::thread t(&Walker::run, &w);
  w.steps = 10;
  t.join();
  std::cout << w.steps << "\n";
}

// A member function as the thread entry: two threads run Counter::run, which writes a global.
#include <thread>

long total = 0;

struct Counter {
  int step;
  void run() {
    for (int i = 0; i < 100; ++i)
      total += step;  // expect: race-shared-global
  }
};

int main() {
  Counter a{1}, b{2};
  std::thread t1(&Counter::run, &a);
  std::thread t2(&Counter::run, &b);
  t1.join();
  t2.join();
  return total == 300 ? 0 : 1;  // no finding: after both joins
}

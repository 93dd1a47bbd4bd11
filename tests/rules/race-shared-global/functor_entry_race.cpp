// A function object's operator() as the thread entry: two Tally threads update the same global.
#include <thread>

int count = 0;

struct Tally {
  int n;
  void operator()() const {
    for (int i = 0; i < 100; ++i)
      count += n;  // expect: race-shared-global
  }
};

int main() {
  std::thread a{Tally{1}};
  std::thread b{Tally{2}};
  a.join();
  b.join();
  return count == 300 ? 0 : 1;  // no finding: after both joins
}

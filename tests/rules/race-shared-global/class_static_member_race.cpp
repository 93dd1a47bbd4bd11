// A class static data member written by two threads (through a static member function entry) races.
#include <thread>

struct Stats {
  static int hits;
  static void record() {
    for (int i = 0; i < 100; ++i)
      ++hits;  // expect: race-shared-global
  }
};

int Stats::hits = 0;

int main() {
  std::thread a(&Stats::record);
  std::thread b(&Stats::record);
  a.join();
  b.join();
  return Stats::hits == 200 ? 0 : 1;  // no finding: after both joins
}

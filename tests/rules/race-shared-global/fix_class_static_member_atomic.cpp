// Fix case: an integral class static data member only incremented and read: both its
// declaration in the class and its out-of-line definition become std::atomic<int>.
#include <thread>

struct Stats {
  static int hits;
  static void record() {
    for (int i = 0; i < 5000; ++i)
      ++hits;  // expect-fixed: race-shared-global
  }
};

int Stats::hits = 0;

int main() {
  std::thread a(&Stats::record);
  std::thread b(&Stats::record);
  a.join();
  b.join();
  return Stats::hits == 10000 ? 0 : 1;  // no finding: after both joins
}

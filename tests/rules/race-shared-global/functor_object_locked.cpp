// A function object that carries a reference to the mutex it must take: both threads get the same
// mutex, so their updates of the global never overlap.
#include <mutex>
#include <thread>

std::mutex tally_mutex;
long tally = 0;

struct Adder {
  std::mutex &lock;
  long amount;
  void operator()() const {
    for (int i = 0; i < 100; ++i) {
      std::lock_guard<std::mutex> guard(lock);
      tally += amount;  // no finding: both Adders hold tally_mutex
    }
  }
};

int main() {
  Adder plus{tally_mutex, 3};
  Adder minus{tally_mutex, -1};
  std::thread a(plus);
  std::thread b(minus);
  a.join();
  b.join();
  return tally == 200 ? 0 : 1;  // no finding: after the joins
}

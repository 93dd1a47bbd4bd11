// A function-local static whose initialiser fills a global table: C++11 runs it once and makes the other callers wait, so the table is read only once filled.
#include <cstdio>
#include <thread>

int squares[64];
long sum_low = 0;
long sum_high = 0;

static bool fill_squares() {
  for (int i = 0; i < 64; i++)
    squares[i] = i * i;  // no finding: runs once, inside the static's guarded initialisation
  return true;
}

int square(int i) {
  static const bool ready = fill_squares();  // no finding: the initialisation of a function-local static is thread-safe
  (void)ready;
  return squares[i];  // no finding: after the static's initialisation finished
}

void low() { for (int i = 0; i < 32; i++) sum_low += square(i); }  // no finding: only this thread writes it before the join
void high() { for (int i = 32; i < 64; i++) sum_high += square(i); }  // no finding: only this thread writes it before the join

int main() {
  std::thread a(low);
  std::thread b(high);
  a.join();
  b.join();
  std::printf("%ld %ld\n", sum_low, sum_high);  // no finding: after the joins
  return 0;
}

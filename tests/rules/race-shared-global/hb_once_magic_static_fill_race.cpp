// Twin of hb_once_magic_static_fill.cpp: high() reads the table directly instead of through square(), so nothing makes it wait for the filling.
#include <cstdio>
#include <thread>

int squares[64];
long sum_low = 0;
long sum_high = 0;

static bool fill_squares() {
  for (int i = 0; i < 64; i++)
    squares[i] = i * i;  // no finding: run once; the race is reported on the read that did not wait for it
  return true;
}

int square(int i) {
  static const bool ready = fill_squares();  // no finding: the initialisation of a function-local static is thread-safe
  (void)ready;
  return squares[i];  // no finding: after the static's initialisation finished
}

void low() { for (int i = 0; i < 32; i++) sum_low += square(i); }  // no finding: only this thread writes it before the join
void high() { for (int i = 32; i < 64; i++) sum_high += squares[i]; }  // expect: race-shared-global

int main() {
  std::thread a(low);
  std::thread b(high);
  a.join();
  b.join();
  std::printf("%ld %ld\n", sum_low, sum_high);  // no finding: after the joins
  return 0;
}

// The thread's method hands its own object to a free helper; main updates the same object
// directly. The helper's writes are to main's `w`.
#include <iostream>
#include <thread>

struct Meter {
  void run();
  long ticks = 0;
};

void tick(Meter *m) {
  m->ticks += 1;  // expect: race-shared-global
}

void Meter::run() {
  for (int i = 0; i < 1000; ++i)
    tick(this);
}

int main() {
  Meter w;
  std::thread t(&Meter::run, &w);
  w.ticks = 100;
  t.join();
  std::cout << w.ticks << "\n";
}

// Starts two threads on work(), defined in worker.cpp, which writes the global defined here.
#include <thread>
#include "counter.h"

long counter = 0;

int main() {
  std::thread a(work);
  std::thread b(work);
  a.join();
  b.join();
  return counter == 200 ? 0 : 1;  // no finding: after both joins
}

// Runs the adder and the reader at the same time.
#include <thread>
#include "total.h"

int main() {
  std::thread a(add);
  std::thread b(snapshot);
  a.join();
  b.join();
  return total == 1 ? 0 : 1;  // no finding: after both joins
}

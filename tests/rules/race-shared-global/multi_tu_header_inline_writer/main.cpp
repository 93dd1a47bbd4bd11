// main calls the header's inline bump() while the thread started on run_in_thread also does.
#include <thread>
#include "stats.h"

int hits = 0;

int main() {
  std::thread t(run_in_thread);
  bump();
  t.join();
  return hits == 200 ? 0 : 1;  // no finding: after join
}

// main reads under the same extern mutex while the threads it started write: no race.
#include <thread>
#include "shared.h"

int main() {
  std::thread a(grow);
  std::thread b(grow);
  int seen;
  {
    std::lock_guard<std::mutex> lock(table_mutex);
    seen = table_size;  // no finding: under table_mutex, like the writes in worker.cpp
  }
  a.join();
  b.join();
  return seen <= table_size ? 0 : 1;
}

// main reads the class static member while the serving thread writes it.
#include <thread>
#include "stats.h"

int main() {
  std::thread t(serve);
  long seen = Stats::requests;  // no finding: racy read, but the finding goes on the write in worker.cpp
  t.join();
  return seen > Stats::requests;  // no finding: after join
}

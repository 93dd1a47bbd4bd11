// Fix case across TUs: the header's `extern` declaration gets `extern std::mutex events_mutex;`
// after it, the definition here gets `std::mutex events_mutex;`, and recorder.cpp's racing
// statement is guarded with it.
#include <string>
#include <thread>
#include <vector>
#include "events.h"

std::vector<std::string> events;

int main() {
  std::thread a(record_events, "disk");
  std::thread b(record_events, "network");
  a.join();
  b.join();
  return events.size() == 600 ? 0 : 1;  // no finding: after both joins
}

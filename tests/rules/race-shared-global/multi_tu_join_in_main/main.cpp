// Writes the global before starting the thread and reads it after the join: ordered across TUs.
#include <thread>
#include "report.h"

std::string report;

int main() {
  report = "status: ";  // no finding: before the thread starts
  std::thread t(build_report);
  t.join();
  return report == "status: done" ? 0 : 1;  // no finding: after join
}

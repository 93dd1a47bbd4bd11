// The thread entry writes the global defined in main.cpp.
#include "report.h"

void build_report() {
  report += "done";  // no finding: main reads report only after joining this thread
}

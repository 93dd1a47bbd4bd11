// The writer locks the extern mutex defined in locks.cpp: no race.
#include "shared.h"

void grow() {
  std::lock_guard<std::mutex> lock(table_mutex);
  ++table_size;  // no finding: every access holds table_mutex
}

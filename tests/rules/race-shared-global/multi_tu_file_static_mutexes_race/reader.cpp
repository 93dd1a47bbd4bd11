// Locks a different mutex that happens to have the same name as adder.cpp's.
#include <mutex>
#include "total.h"

static std::mutex guard;

int snapshot() {
  std::lock_guard<std::mutex> lock(guard);
  return total;  // no finding: both sides hold a (different) lock, so the finding goes on the write
}

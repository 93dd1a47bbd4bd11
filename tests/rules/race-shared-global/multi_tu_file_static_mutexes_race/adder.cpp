// This TU's own `static std::mutex guard` is not reader.cpp's: the write races with the read there.
#include <mutex>
#include "total.h"

static std::mutex guard;
int total = 0;

void add() {
  std::lock_guard<std::mutex> lock(guard);
  total += 1;  // expect: race-shared-global
}

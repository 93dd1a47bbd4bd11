#pragma once
#include <unistd.h>

void wait_a_bit();
int compute(int x);
struct Task;

inline void retry_after_pause(int times) {
  for (int i = 0; i < times; ++i)
    ::usleep(100);
}

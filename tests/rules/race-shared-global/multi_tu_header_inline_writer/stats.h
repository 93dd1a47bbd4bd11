// An inline function in a header writes a global; two TUs include it: the finding is reported once.
#pragma once

extern int hits;

inline void bump() {
  for (int i = 0; i < 100; ++i)
    ++hits;  // expect: race-shared-global
}

void run_in_thread();

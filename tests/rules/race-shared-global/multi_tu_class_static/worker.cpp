// The thread entry increments the class static member.
#include "stats.h"

void serve() {
  for (int i = 0; i < 100; ++i)
    ++Stats::requests;  // expect: race-shared-global
}

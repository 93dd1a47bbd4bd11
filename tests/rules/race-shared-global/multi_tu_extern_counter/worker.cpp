// The writer of the extern global, in its own TU: the race is found when the TUs are analysed together.
#include "counter.h"

void work() {
  for (int i = 0; i < 100; ++i)
    counter += 1;  // expect: race-shared-global
}

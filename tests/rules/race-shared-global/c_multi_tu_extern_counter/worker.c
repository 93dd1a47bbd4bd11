// The writer of the extern global, in its own C TU.
#include <stddef.h>
#include "counter.h"

void *count_hits(void *arg) {
  (void)arg;
  for (int i = 0; i < 100; ++i)
    hits++;  // expect: race-shared-global
  return NULL;
}

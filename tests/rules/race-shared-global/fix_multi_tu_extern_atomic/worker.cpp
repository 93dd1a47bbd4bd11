// The writer, in its own TU.
#include "counter.h"

void work(long batch) {
  for (int i = 0; i < 5000; ++i)
    processed += batch;  // expect-fixed: race-shared-global
}

// This TU's `static int count` is written only by the thread on count_a.
#include <stddef.h>
#include "counters.h"

static int count = 0;

void *count_a(void *arg) {
  (void)arg;
  for (int i = 0; i < 100; ++i)
    count++;  // no finding: internal linkage; b.c's count is another variable
  return NULL;
}

int total_a(void) { return count; }

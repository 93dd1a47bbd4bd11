// This TU's `static int count` is written only by the thread on count_b.
#include <stddef.h>
#include "counters.h"

static int count = 0;

void *count_b(void *arg) {
  (void)arg;
  for (int i = 0; i < 50; ++i)
    count += 2;  // no finding: internal linkage; a.c's count is another variable
  return NULL;
}

int total_b(void) { return count; }

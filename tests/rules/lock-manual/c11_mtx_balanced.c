#include <threads.h>

static int counter;
static mtx_t counter_mutex;

int bump(int by) {
  mtx_lock(&counter_mutex);  // no finding: C, and every path unlocks
  if (by < 0) {
    mtx_unlock(&counter_mutex);
    return -1;
  }
  counter += by;
  mtx_unlock(&counter_mutex);
  return 0;
}

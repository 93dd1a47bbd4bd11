// The start routine is the return value of a picker function; the thread is joined before main
// touches the global again.
#include <pthread.h>
#include <stddef.h>

typedef void *(*entry_fn)(void *);

double heap_fill_ratio = 0.5;

static void *gc_sweep(void *arg) {
  heap_fill_ratio *= 0.25;  // no finding: ordered by pthread_create and pthread_join
  return arg;
}

static entry_fn pick(void) { return gc_sweep; }

int main(void) {
  pthread_t collector;
  pthread_create(&collector, NULL, pick(), NULL);
  pthread_join(collector, NULL);
  heap_fill_ratio += 0.1;  // no finding: after the join
  return heap_fill_ratio > 1.0;
}

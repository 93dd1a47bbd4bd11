// Creates two pthreads on count_hits, defined in worker.c, which writes the global defined here.
#include <pthread.h>
#include <stddef.h>
#include "counter.h"

long hits = 0;

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, count_hits, NULL);
  pthread_create(&b, NULL, count_hits, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  return hits == 200 ? 0 : 1;  // no finding: after both joins
}

// A callback parameter tested before the call: the worker passes NULL, so release_item() never
// calls back on its thread, and `frees_counted` is written by the main thread only.
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>

long frees_counted;

static void count_free(void) {
  frees_counted++;  // no finding: the worker's release_item(p, NULL) never calls it
}

static void release_item(void *item, void (*on_free)(void)) {
  free(item);
  if (on_free)
    on_free();
}

static void *worker(void *arg) {
  (void)arg;
  for (int i = 0; i < 100; ++i)
    release_item(malloc(16), NULL);
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  for (int i = 0; i < 100; ++i)
    release_item(malloc(16), count_free);
  pthread_join(t, NULL);
  return frees_counted == 100 ? 0 : 1;
}

// The racy twin of param_null_callback_not_called.c: the worker passes the callback too, so
// both threads count frees at once.
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>

long frees_counted;

static void count_free(void) {
  frees_counted++;  // expect: race-shared-global
}

static void release_item(void *item, void (*on_free)(void)) {
  free(item);
  if (on_free)
    on_free();
}

static void *worker(void *arg) {
  (void)arg;
  for (int i = 0; i < 100; ++i)
    release_item(malloc(16), count_free);
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  for (int i = 0; i < 100; ++i)
    release_item(malloc(16), count_free);
  pthread_join(t, NULL);
  return frees_counted == 200 ? 0 : 1;
}

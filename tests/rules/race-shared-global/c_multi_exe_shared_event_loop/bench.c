/* The benchmark: four threads each run a loop of their own, and all count into one global. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include "loop.h"

static long requests;

static void count_request(struct loop *l) {
  requests++;  // expect: race-shared-global
  if (l->rounds >= 100)
    l->stop = 1;
}

void fatal(const char *why) {
  fprintf(stderr, "benchmark: %s\n", why);
  abort();
}

static void *client(void *arg) {
  (void)arg;
  struct loop l = {0, 0, count_request};
  loop_run(&l);
  return NULL;
}

int main(void) {
  pthread_t threads[4];
  for (int i = 0; i < 4; ++i)
    pthread_create(&threads[i], NULL, client, NULL);
  for (int i = 0; i < 4; ++i)
    pthread_join(threads[i], NULL);
  printf("%ld\n", requests);
  return 0;
}

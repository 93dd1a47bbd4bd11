// A local statistics struct handed to a worker by address: main reads a field the worker is
// still writing (the join comes after the read).
#include <pthread.h>
#include <stdio.h>

struct stats {
  long hits;
  long misses;
};

static void *serve(void *arg) {
  struct stats *st = arg;
  for (int i = 0; i < 1000; ++i) {
    if (i % 3)
      st->hits++;  // expect: race-shared-global
    else
      st->misses++;
  }
  return NULL;
}

int main(void) {
  struct stats st = {0, 0};
  pthread_t t;
  pthread_create(&t, NULL, serve, &st);
  printf("hits so far: %ld\n", st.hits);
  pthread_join(t, NULL);
  printf("%ld %ld\n", st.hits, st.misses);
  return 0;
}

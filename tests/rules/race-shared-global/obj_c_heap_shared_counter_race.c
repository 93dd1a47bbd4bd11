// One heap object handed to two threads: both update its counter without a lock.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct counter {
  long value;
};

static void *bump(void *arg) {
  struct counter *c = arg;
  for (int i = 0; i < 100000; ++i)
    c->value++;  // expect: race-shared-global
  return NULL;
}

int main(void) {
  struct counter *c = calloc(1, sizeof *c);
  pthread_t a, b;
  pthread_create(&a, NULL, bump, c);
  pthread_create(&b, NULL, bump, c);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("%ld\n", c->value);
  free(c);
  return 0;
}

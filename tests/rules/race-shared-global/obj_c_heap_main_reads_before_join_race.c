// A heap result block written by the worker and read by main before the join.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct result {
  int ready;
  double value;
};

static void *compute(void *arg) {
  struct result *r = arg;
  r->value = 3.5;  // expect: race-shared-global
  r->ready = 1;    // expect: race-shared-global
  return NULL;
}

int main(void) {
  struct result *r = calloc(1, sizeof *r);
  pthread_t t;
  pthread_create(&t, NULL, compute, r);
  if (r->ready)
    printf("%f\n", r->value);
  pthread_join(t, NULL);
  free(r);
  return 0;
}

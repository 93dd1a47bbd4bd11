// A detached pthread is never joined: it runs concurrently with everything main does after creating it.
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stddef.h>
#include <time.h>

int mode = 0;

static void *background(void *arg) {
  (void)arg;
  mode = 1;  // expect: race-shared-global
  return NULL;
}

int main(void) {
  pthread_t t;
  mode = 3;  // no finding: before pthread_create
  pthread_create(&t, NULL, background, NULL);
  pthread_detach(t);
  mode = 2;  // no finding: the pair's other unprotected write; the earlier line (in background) is primary
  nanosleep(&(struct timespec){.tv_nsec = 50000000}, NULL);
  return 0;
}

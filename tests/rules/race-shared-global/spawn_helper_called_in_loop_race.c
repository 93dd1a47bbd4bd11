// A helper starts a detached worker; main calls it in a loop, so workers of earlier
// iterations still run when the next starts, and they all count in one global.
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static long handled;

static void *handle(void *arg) {
  (void)arg;
  handled += 1;  // expect: race-shared-global
  return NULL;
}

static void dispatch(void) {
  pthread_t t;
  pthread_create(&t, NULL, handle, NULL);
  pthread_detach(t);
}

int main(void) {
  for (int i = 0; i < 8; ++i)
    dispatch();
  sleep(1);
  return 0;
}

// A service thread started through a wrapper is never joined and runs until the process exits; it
// polls a plain int flag that main raises without any synchronisation.
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stddef.h>
#include <time.h>

int shutdown_requested;
long drained_rounds;

static int spawn_service(void *(*loop)(void *), pthread_t *out) {
  return pthread_create(out, NULL, loop, NULL);
}

static void *service_loop(void *arg) {
  for (;;) {
    if (shutdown_requested)  // no finding: the read of the pair; main's write is primary
      drained_rounds++;      // no finding: only the service thread touches drained_rounds
    nanosleep(&(struct timespec){.tv_nsec = 1000000}, NULL);
  }
  return arg;
}

int main(void) {
  pthread_t service;
  spawn_service(service_loop, &service);
  nanosleep(&(struct timespec){.tv_nsec = 20000000}, NULL);  // lets the loop run a few rounds first
  shutdown_requested = 1;  // expect: race-shared-global
  nanosleep(&(struct timespec){.tv_nsec = 10000000}, NULL);
  return 0;  // the service thread is still running when the process exits
}

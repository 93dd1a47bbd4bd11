// The spawner detaches the thread it starts, so nobody ever joins it: main's write after the call
// is unordered with the listener's reads.
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stddef.h>
#include <time.h>

int config_generation = 1;
long requests_seen;

static void start_listener(void *(*entry)(void *), void *arg) {
  pthread_t tid;
  pthread_create(&tid, NULL, entry, arg);
  pthread_detach(tid);
}

static void *listener(void *arg) {
  for (int i = 0; i < 100; ++i)
    requests_seen += config_generation;  // no finding: the read side of the pair
  return arg;
}

int main(void) {
  start_listener(listener, NULL);
  config_generation = 2;  // expect: race-shared-global
  nanosleep(&(struct timespec){.tv_nsec = 50000000}, NULL);  // keeps the process alive for the listener
  return 0;
}

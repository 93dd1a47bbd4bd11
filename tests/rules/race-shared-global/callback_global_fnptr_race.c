// The thread body never names the global: it calls through a global function pointer whose target
// increments it, while main reads the same global unsynchronised.
#include <pthread.h>
#include <stddef.h>

long events_seen;

static void count_event(void) {
  events_seen++;  // expect: race-shared-global
}

void (*on_event)(void) = count_event;

static void *dispatcher(void *arg) {
  for (int i = 0; i < 100; ++i)
    on_event();
  return arg;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, dispatcher, NULL);
  long early = events_seen;  // no finding: the read of the pair; the callback's write is primary
  pthread_join(t, NULL);
  return early > events_seen;  // no finding: after the join
}

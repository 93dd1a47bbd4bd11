// The dispatcher holds a mutex around each call through the global callback pointer, and main
// takes the same mutex to read what the callback writes: no race.
#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t event_lock = PTHREAD_MUTEX_INITIALIZER;
long events_seen;

static void count_event(void) {
  events_seen++;  // no finding: every caller holds event_lock
}

void (*on_event)(void) = count_event;

static void *dispatcher(void *arg) {
  for (int i = 0; i < 100; ++i) {
    pthread_mutex_lock(&event_lock);
    on_event();
    pthread_mutex_unlock(&event_lock);
  }
  return arg;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, dispatcher, NULL);
  pthread_mutex_lock(&event_lock);
  long early = events_seen;  // no finding: event_lock is held
  pthread_mutex_unlock(&event_lock);
  pthread_join(t, NULL);
  return early > events_seen;  // no finding: after the join
}

// set_paused(1) locks and set_paused(0) unlocks the same mutex, depending only on its constant
// argument; every access in both threads sits between such a pair.
#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t pause_mutex = PTHREAD_MUTEX_INITIALIZER;
long frames_rendered;

static void set_paused(int on) {
  if (on)
    pthread_mutex_lock(&pause_mutex);
  else
    pthread_mutex_unlock(&pause_mutex);
}

static void *renderer(void *arg) {
  for (int i = 0; i < 100; ++i) {
    set_paused(1);
    frames_rendered++;  // no finding: between set_paused(1) and set_paused(0)
    set_paused(0);
  }
  return arg;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, renderer, NULL);
  set_paused(1);
  frames_rendered = 0;  // no finding: between set_paused(1) and set_paused(0)
  set_paused(0);
  pthread_join(t, NULL);
  return frames_rendered > 100;  // no finding: after the join
}

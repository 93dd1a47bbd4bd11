// The renderer brackets its update with set_paused(1)/set_paused(0), but main resets the global
// without calling the helper, so main's write holds no lock.
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
    frames_rendered++;  // no finding: locked side of the pair; main's unlocked write is primary
    set_paused(0);
  }
  return arg;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, renderer, NULL);
  frames_rendered = 0;  // expect: race-shared-global
  pthread_join(t, NULL);
  return frames_rendered > 100;  // no finding: after the join
}

// Whether the helpers lock at all depends on a constant flag: the flusher passes 1 and is
// protected, the sampler passes 0 and writes the global with no lock held.
#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t stats_mutex = PTHREAD_MUTEX_INITIALIZER;
long bytes_buffered;

static void stats_enter(int need_lock) { if (need_lock) pthread_mutex_lock(&stats_mutex); }
static void stats_leave(int need_lock) { if (need_lock) pthread_mutex_unlock(&stats_mutex); }

static void *flusher(void *arg) {
  for (int i = 0; i < 100; ++i) {
    stats_enter(1);
    bytes_buffered += 64;  // no finding: stats_mutex is held; the sampler's unlocked write is primary
    stats_leave(1);
  }
  return arg;
}

static void *sampler(void *arg) {
  for (int i = 0; i < 100; ++i) {
    stats_enter(0);
    bytes_buffered -= 1;  // expect: race-shared-global
    stats_leave(0);
  }
  return arg;
}

int main(void) {
  pthread_t f, s;
  pthread_create(&f, NULL, flusher, NULL);
  pthread_create(&s, NULL, sampler, NULL);
  pthread_join(f, NULL);
  pthread_join(s, NULL);
  return bytes_buffered == 6300 ? 0 : 1;  // no finding: after the joins
}

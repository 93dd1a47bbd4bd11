// memcached's STATS_LOCK()/STATS_UNLOCK() are functions: the lock they take is held between
// the two calls in the caller.
#include <pthread.h>

static pthread_mutex_t stats_mutex = PTHREAD_MUTEX_INITIALIZER;
long total_items;
long evictions;

void stats_lock(void) { pthread_mutex_lock(&stats_mutex); }
void stats_unlock(void) { pthread_mutex_unlock(&stats_mutex); }

/* A helper of a helper: pause_all() takes the lock through stats_lock(). */
void pause_all(void) { stats_lock(); }
void resume_all(void) { stats_unlock(); }

void *worker(void *arg) {
  stats_lock();
  total_items++;  // no finding: stats_mutex is held
  stats_unlock();
  pause_all();
  evictions++;  // no finding: held through two helpers
  resume_all();
  evictions--;  // expect: race-shared-global
  return arg;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, worker, 0);
  pthread_create(&b, 0, worker, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return 0;
}

/* Fix case (C): `totals` is a struct, updated under `totals_lock` by one thread and without it by
   the other. The fix reuses that mutex: the unprotected statement is bracketed with
   pthread_mutex_lock(&totals_lock) / pthread_mutex_unlock(&totals_lock); no new mutex. */
#include <pthread.h>
#include <stddef.h>

struct stats {
  long count;
  long sum;
};

struct stats totals;
pthread_mutex_t totals_lock = PTHREAD_MUTEX_INITIALIZER;

static void *add_locked(void *arg) {
  (void)arg;
  for (int i = 0; i < 3000; ++i) {
    pthread_mutex_lock(&totals_lock);
    totals.count++;
    totals.sum += i;
    pthread_mutex_unlock(&totals_lock);
  }
  return NULL;
}

static void *add_unlocked(void *arg) {
  (void)arg;
  for (int i = 0; i < 3000; ++i)
    totals.count += 1;  // expect-fixed: race-shared-global
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, add_locked, NULL);
  pthread_create(&b, NULL, add_unlocked, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  return totals.count == 6000 ? 0 : 1;  /* no finding: after both joins */
}

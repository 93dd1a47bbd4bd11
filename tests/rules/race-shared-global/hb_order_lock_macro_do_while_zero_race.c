// Twin of hb_order_lock_macro_do_while_zero.c: the main thread's macros lock another mutex than
// the worker's, which protects nothing in common.
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t other_lock = PTHREAD_MUTEX_INITIALIZER;
static long requests;

#define LOCKED(m) do { pthread_mutex_lock(&(m)); } while (0)
#define UNLOCKED(m) do { pthread_mutex_unlock(&(m)); } while (0)

static void *worker(void *arg) {
  for (int i = 0; i < 1000; i++) {
    LOCKED(stats_lock);
    requests++;  // expect: race-shared-global
    UNLOCKED(stats_lock);
  }
  return arg;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  LOCKED(other_lock);
  requests += 10;
  UNLOCKED(other_lock);
  LOCKED(other_lock);
  UNLOCKED(other_lock);
  pthread_join(t, NULL);
  printf("%ld\n", requests);
  return 0;
}

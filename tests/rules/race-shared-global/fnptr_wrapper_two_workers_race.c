// Two different entries go through the same spawner helper; both threads store to the same global
// without a lock, so they race with each other.
#include <pthread.h>
#include <stddef.h>

int last_job;

static void spawn(void *(*fn)(void *), void *arg, pthread_t *handle) {
  pthread_create(handle, NULL, fn, arg);
}

static void *flush_job(void *arg) {
  last_job = 1;  // expect: race-shared-global
  return arg;
}

static void *compact_job(void *arg) {
  last_job = 2;  // no finding: the other write of the pair; the earlier line (flush_job) is primary
  return arg;
}

int main(void) {
  pthread_t a, b;
  spawn(flush_job, NULL, &a);
  spawn(compact_job, NULL, &b);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  return last_job == 0;  // no finding: both joined
}

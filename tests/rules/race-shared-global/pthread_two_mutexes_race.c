// Locks have identity: one thread holds lock_a, the other lock_b, so the writes still race.
#include <pthread.h>
#include <stddef.h>

pthread_mutex_t lock_a = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t lock_b = PTHREAD_MUTEX_INITIALIZER;
int total = 0;

static void *via_a(void *arg) {
  (void)arg;
  pthread_mutex_lock(&lock_a);
  total += 1;  // expect: race-shared-global
  pthread_mutex_unlock(&lock_a);
  return NULL;
}

static void *via_b(void *arg) {
  (void)arg;
  pthread_mutex_lock(&lock_b);
  total += 2;  // no finding: the pair's other write (both locked, both write): the earlier line is primary
  pthread_mutex_unlock(&lock_b);
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, via_a, NULL);
  pthread_create(&b, NULL, via_b, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  return total == 3 ? 0 : 1;
}

// The lock-taking helper receives its mutex as a parameter, and both threads pass the address of
// the same mutex: the increment is protected.
#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t counter_mutex = PTHREAD_MUTEX_INITIALIZER;
long counter;

static void bump(pthread_mutex_t *m) {
  pthread_mutex_lock(m);
  counter++;  // no finding: both callers pass &counter_mutex
  pthread_mutex_unlock(m);
}

static void *first(void *arg) {
  for (int i = 0; i < 100; ++i)
    bump(&counter_mutex);
  return arg;
}

static void *second(void *arg) {
  pthread_mutex_t *lock = &counter_mutex;
  for (int i = 0; i < 100; ++i)
    bump(lock);
  return arg;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, first, NULL);
  pthread_create(&b, NULL, second, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  return counter == 200 ? 0 : 1;  // no finding: after the joins
}

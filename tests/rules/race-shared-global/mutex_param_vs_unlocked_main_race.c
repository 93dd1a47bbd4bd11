// The worker updates the global only through a helper that locks the mutex it is passed, but main
// reads the global directly without taking any lock.
#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
int queue_depth;

static void push_locked(pthread_mutex_t *m, int n) {
  pthread_mutex_lock(m);
  queue_depth += n;  // no finding: locked side of the pair; main's unlocked read is primary
  pthread_mutex_unlock(m);
}

static void *producer(void *arg) {
  for (int i = 0; i < 100; ++i)
    push_locked(&queue_lock, 1);
  return arg;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, producer, NULL);
  int depth = queue_depth;  // expect: race-shared-global
  pthread_join(t, NULL);
  return depth > 100;
}

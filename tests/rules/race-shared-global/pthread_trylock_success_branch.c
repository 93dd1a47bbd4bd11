// pthread_mutex_trylock() == 0 holds the mutex: accesses on that branch are protected.
#include <pthread.h>
#include <stddef.h>

pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
int done = 0;

static void *attempt(void *arg) {
  (void)arg;
  for (int i = 0; i < 100; ++i) {
    if (pthread_mutex_trylock(&lock) == 0) {
      done++;  // no finding: only reached when trylock succeeded
      pthread_mutex_unlock(&lock);
    }
  }
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, attempt, NULL);
  pthread_create(&b, NULL, attempt, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  return done > 0 ? 0 : 1;
}

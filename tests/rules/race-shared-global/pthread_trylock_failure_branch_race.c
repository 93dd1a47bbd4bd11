// pthread_mutex_trylock holds the mutex only when it returns 0: the failure branch writes unprotected.
#include <pthread.h>
#include <stddef.h>

pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
int contended = 0;

static void *attempt(void *arg) {
  (void)arg;
  if (pthread_mutex_trylock(&lock) == 0) {
    contended++;  // no finding: trylock succeeded, lock is held
    pthread_mutex_unlock(&lock);
  } else {
    contended += 2;  // expect: race-shared-global
  }
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_mutex_lock(&lock);
  pthread_create(&t, NULL, attempt, NULL);  // its trylock fails: main holds lock until after the join
  contended = 10;  // no finding: under lock; the unlocked write is the primary side
  pthread_join(t, NULL);
  pthread_mutex_unlock(&lock);
  return contended == 12 ? 0 : 1;
}

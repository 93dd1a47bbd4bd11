// The write after pthread_mutex_unlock is unprotected and races with the locked write of the other thread.
#include <pthread.h>
#include <stddef.h>

pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
int balance = 0;

static void *worker(void *arg) {
  (void)arg;
  pthread_mutex_lock(&lock);
  balance += 1;  // no finding: locked; the unlocked write is the primary side
  pthread_mutex_unlock(&lock);
  balance += 2;  // expect: race-shared-global
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, worker, NULL);
  pthread_create(&b, NULL, worker, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  return balance == 6 ? 0 : 1;
}

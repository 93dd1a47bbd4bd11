// The mutex pointer travels inside the thread's argument struct; both argument structs point at
// the same mutex, so the workers' updates are protected.
#include <pthread.h>
#include <stddef.h>

struct work {
  pthread_mutex_t *lock;
  int amount;
};

static pthread_mutex_t balance_lock = PTHREAD_MUTEX_INITIALIZER;
long balance;

static void *apply(void *arg) {
  struct work *w = arg;
  for (int i = 0; i < 100; ++i) {
    pthread_mutex_lock(w->lock);
    balance += w->amount;  // no finding: both work items carry &balance_lock
    pthread_mutex_unlock(w->lock);
  }
  return NULL;
}

int main(void) {
  struct work credit = { .lock = &balance_lock, .amount = 5 };
  struct work debit = { .lock = &balance_lock, .amount = -2 };
  pthread_t a, b;
  pthread_create(&a, NULL, apply, &credit);
  pthread_create(&b, NULL, apply, &debit);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  return balance == 300 ? 0 : 1;  // no finding: after the joins
}

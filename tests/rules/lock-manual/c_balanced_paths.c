#include <pthread.h>
#include <stdlib.h>

static int balance;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

int withdraw(int amount) {
  pthread_mutex_lock(&lock);  // no finding: C has no guard, and every path unlocks
  if (amount > balance) {
    pthread_mutex_unlock(&lock);
    return -1;
  }
  balance -= amount;
  pthread_mutex_unlock(&lock);
  return 0;
}

void check(void) {
  pthread_mutex_lock(&lock);  // no finding: abort() ends the process
  if (balance < 0)
    abort();
  pthread_mutex_unlock(&lock);
}

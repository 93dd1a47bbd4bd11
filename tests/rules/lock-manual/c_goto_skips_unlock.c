#include <pthread.h>

static int balance;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

int withdraw(int amount) {
  pthread_mutex_lock(&lock);  // expect: lock-manual(warning)
  if (amount > balance)
    goto fail;
  balance -= amount;
  pthread_mutex_unlock(&lock);
  return 0;
fail:
  return -1;
}

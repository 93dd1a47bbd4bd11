// The flag is set in a block of its own that holds the lock; what the worker did before that block is published with it.
#include <pthread.h>
#include <stdio.h>

pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
int state = 0;
long checksum = 0;

static void *worker(void *arg) {
  (void)arg;
  for (int i = 0; i < 1000; i++)
    checksum += i;  // no finding: main reads it after it saw state == 2
  {
    pthread_mutex_lock(&lock);
    state = 2;
    pthread_cond_broadcast(&changed);
    pthread_mutex_unlock(&lock);
  }
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  pthread_mutex_lock(&lock);
  while (state != 2)
    pthread_cond_wait(&changed, &lock);
  pthread_mutex_unlock(&lock);
  printf("%ld\n", checksum);  // no finding: after the wait saw state == 2
  pthread_join(t, NULL);
  return 0;
}

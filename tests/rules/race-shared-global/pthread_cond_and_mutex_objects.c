// A hand-off with pthread_cond_t: the mutex and condition variable objects themselves are no race.
#include <pthread.h>
#include <stddef.h>

pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
int ready = 0;
int payload = 0;

static void *producer(void *arg) {
  (void)arg;
  pthread_mutex_lock(&lock);  // no finding: the mutex object itself
  payload = 42;  // no finding: under lock
  ready = 1;  // no finding: under lock
  pthread_cond_signal(&changed);  // no finding: the condition variable object itself
  pthread_mutex_unlock(&lock);
  return NULL;
}

static void *consumer(void *arg) {
  (void)arg;
  pthread_mutex_lock(&lock);
  while (!ready)  // no finding: under lock
    pthread_cond_wait(&changed, &lock);  // no finding: the condition variable object itself
  payload++;  // no finding: under lock
  pthread_mutex_unlock(&lock);
  return NULL;
}

int main(void) {
  pthread_t p, c;
  pthread_create(&c, NULL, consumer, NULL);
  pthread_create(&p, NULL, producer, NULL);
  pthread_join(p, NULL);
  pthread_join(c, NULL);
  return payload == 43 ? 0 : 1;
}

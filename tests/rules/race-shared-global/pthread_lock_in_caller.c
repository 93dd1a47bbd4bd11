// A helper called while the thread entry holds the mutex is protected: the lock set flows into callees.
#include <pthread.h>
#include <stddef.h>

pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
int queue_length = 0;

static void enqueue(void) { queue_length++; }  // no finding: every caller holds lock

static void *producer(void *arg) {
  (void)arg;
  for (int i = 0; i < 50; ++i) {
    pthread_mutex_lock(&lock);
    enqueue();
    pthread_mutex_unlock(&lock);
  }
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, producer, NULL);
  pthread_create(&b, NULL, producer, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  return queue_length == 100 ? 0 : 1;
}

// The thread entries lock queue_lock around the call into queue.c.
#include <pthread.h>
#include <stddef.h>
#include "queue.h"

static void *producer(void *arg) {
  (void)arg;
  for (int i = 0; i < 50; ++i) {
    pthread_mutex_lock(&queue_lock);
    push_item();
    pthread_mutex_unlock(&queue_lock);
  }
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, producer, NULL);
  pthread_create(&b, NULL, producer, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  return queue_len == 100 ? 0 : 1;
}

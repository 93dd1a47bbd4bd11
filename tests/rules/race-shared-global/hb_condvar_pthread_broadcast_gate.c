// A start gate on a condition variable: main writes the settings, sets `started` under the mutex and broadcasts; each worker waits for `started` before reading them.
#include <pthread.h>
#include <stdio.h>

pthread_mutex_t gate_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t gate = PTHREAD_COND_INITIALIZER;
int started = 0;
long max_retries = 0;

static void *worker(void *arg) {
  pthread_mutex_lock(&gate_lock);
  while (!started)  // no finding: under gate_lock
    pthread_cond_wait(&gate, &gate_lock);
  pthread_mutex_unlock(&gate_lock);
  printf("worker %ld: %ld retries\n", (long)arg, max_retries);  // no finding: main wrote it before setting started
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, worker, (void *)1);
  pthread_create(&b, NULL, worker, (void *)2);
  max_retries = 3;  // no finding: the workers read it only after they saw started, set after this
  pthread_mutex_lock(&gate_lock);
  started = 1;  // no finding: under gate_lock
  pthread_cond_broadcast(&gate);
  pthread_mutex_unlock(&gate_lock);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  return 0;
}

// Workers started through a spawner that takes the entry as a parameter update the counter under a
// mutex, but main peeks at it without the mutex before joining them.
#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t tally_lock = PTHREAD_MUTEX_INITIALIZER;
long items_processed;

static int create_worker(void *(*entry)(void *), void *arg, pthread_t *out) {
  return pthread_create(out, NULL, entry, arg);
}

static void *worker_main(void *arg) {
  for (int i = 0; i < 1000; ++i) {
    pthread_mutex_lock(&tally_lock);
    items_processed++;  // no finding: locked side of the pair; main's unlocked read is primary
    pthread_mutex_unlock(&tally_lock);
  }
  return arg;
}

int main(void) {
  pthread_t workers[2];
  for (int i = 0; i < 2; ++i)
    create_worker(worker_main, NULL, &workers[i]);
  long progress = items_processed;  // expect: race-shared-global
  for (int i = 0; i < 2; ++i)
    pthread_join(workers[i], NULL);
  return progress > 2000;
}

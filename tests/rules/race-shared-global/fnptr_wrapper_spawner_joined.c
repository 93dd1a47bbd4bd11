// The thread entry reaches pthread_create only as a function-pointer parameter of a spawner that
// returns the handle through a pthread_t*; main joins every handle before it reads the counter.
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
    items_processed++;  // no finding: tally_lock is held
    pthread_mutex_unlock(&tally_lock);
  }
  return arg;
}

int main(void) {
  pthread_t workers[3];
  items_processed = 0;  // no finding: no worker exists yet
  for (int i = 0; i < 3; ++i)
    create_worker(worker_main, NULL, &workers[i]);
  for (int i = 0; i < 3; ++i)
    pthread_join(workers[i], NULL);
  return items_processed == 3000 ? 0 : 1;  // no finding: every worker was joined
}

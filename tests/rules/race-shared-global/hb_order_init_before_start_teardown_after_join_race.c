// Twin of hb_order_init_before_start_teardown_after_join.c: load_config() is called after start_workers(), while the workers read the batch size.
#include <pthread.h>
#include <stdio.h>

#define NWORKERS 2

static pthread_t workers[NWORKERS];
static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
long batch_size = 0;
long batches_done = 0;

static void load_config(void) { batch_size = 32; }  // expect: race-shared-global

static void *work(void *arg) {
  (void)arg;
  for (long i = 0; i < batch_size; i++) {  // no finding: racy read, but the finding goes on the write
    pthread_mutex_lock(&stats_lock);
    batches_done++;  // no finding: under stats_lock
    pthread_mutex_unlock(&stats_lock);
  }
  return NULL;
}

static void start_workers(void) {
  for (int i = 0; i < NWORKERS; i++)
    pthread_create(&workers[i], NULL, work, NULL);
}

static void stop_workers(void) {
  for (int i = 0; i < NWORKERS; i++)
    pthread_join(workers[i], NULL);
}

static void report(void) { printf("%ld batches of %ld\n", batches_done, batch_size); }  // no finding: called after stop_workers()

int main(void) {
  start_workers();
  load_config();
  stop_workers();
  report();
  return 0;
}

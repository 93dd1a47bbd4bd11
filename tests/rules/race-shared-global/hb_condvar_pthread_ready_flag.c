// The classic hand-off: the producer fills the job, then sets `ready` under the mutex and signals; the consumer waits until `ready` and reads the job after unlocking.
#include <pthread.h>
#include <stdio.h>

pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t ready_cond = PTHREAD_COND_INITIALIZER;
int ready = 0;
long job_id = 0;
long job_cost = 0;

static void *producer(void *arg) {
  (void)arg;
  job_id = 7;  // no finding: written before ready is set under lock; the consumer reads it after seeing ready
  job_cost = 120;  // no finding: as job_id
  pthread_mutex_lock(&lock);
  ready = 1;  // no finding: under lock
  pthread_cond_signal(&ready_cond);
  pthread_mutex_unlock(&lock);
  return NULL;
}

static void *consumer(void *arg) {
  (void)arg;
  pthread_mutex_lock(&lock);
  while (!ready)  // no finding: under lock
    pthread_cond_wait(&ready_cond, &lock);
  pthread_mutex_unlock(&lock);
  printf("job %ld costs %ld\n", job_id, job_cost);  // no finding: after the wait saw ready
  return NULL;
}

int main(void) {
  pthread_t p, c;
  pthread_create(&c, NULL, consumer, NULL);
  pthread_create(&p, NULL, producer, NULL);
  pthread_join(p, NULL);
  pthread_join(c, NULL);
  return 0;
}

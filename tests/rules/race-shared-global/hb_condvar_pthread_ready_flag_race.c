// Twin of hb_condvar_pthread_ready_flag.c: the producer fills in the cost after it set `ready` and unlocked, when the consumer may already read it.
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
  pthread_mutex_lock(&lock);
  ready = 1;  // no finding: under lock
  pthread_cond_signal(&ready_cond);
  pthread_mutex_unlock(&lock);
  job_cost = 120;  // expect: race-shared-global
  return NULL;
}

static void *consumer(void *arg) {
  (void)arg;
  pthread_mutex_lock(&lock);
  while (!ready)  // no finding: under lock
    pthread_cond_wait(&ready_cond, &lock);
  pthread_mutex_unlock(&lock);
  printf("job %ld costs %ld\n", job_id, job_cost);  // no finding: racy read of job_cost, but the finding goes on the write
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

// A semaphore as a start gate: main writes the quota, then posts once per worker; each worker's sem_wait orders main's write before its read.
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

#define NWORKERS 3

sem_t start;
long quota = 0;

static void *worker(void *arg) {
  sem_wait(&start);
  printf("worker %ld: quota %ld\n", (long)arg, quota);  // no finding: after sem_wait; main wrote quota before its posts
  return NULL;
}

int main(void) {
  pthread_t t[NWORKERS];
  sem_init(&start, 0, 0);
  for (long i = 0; i < NWORKERS; i++)
    pthread_create(&t[i], NULL, worker, (void *)i);
  quota = 1000;  // no finding: before the posts
  for (int i = 0; i < NWORKERS; i++)
    sem_post(&start);
  for (int i = 0; i < NWORKERS; i++)
    pthread_join(t[i], NULL);
  sem_destroy(&start);
  return 0;
}

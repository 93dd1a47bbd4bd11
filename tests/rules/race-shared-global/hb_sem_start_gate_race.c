// Twin of hb_sem_start_gate.c: main writes the quota after the posts, when the workers may already read it.
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

#define NWORKERS 3

sem_t start;
long quota = 0;

static void *worker(void *arg) {
  sem_wait(&start);
  printf("worker %ld: quota %ld\n", (long)arg, quota);  // no finding: racy read, but the finding goes on the write
  return NULL;
}

int main(void) {
  pthread_t t[NWORKERS];
  sem_init(&start, 0, 0);
  for (long i = 0; i < NWORKERS; i++)
    pthread_create(&t[i], NULL, worker, (void *)i);
  for (int i = 0; i < NWORKERS; i++)
    sem_post(&start);
  quota = 1000;  // expect: race-shared-global
  for (int i = 0; i < NWORKERS; i++)
    pthread_join(t[i], NULL);
  sem_destroy(&start);
  return 0;
}

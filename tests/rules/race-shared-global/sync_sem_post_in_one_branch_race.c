// The worker posts before its write when verbose and after it otherwise: the write is not published on every path, and this run takes the first.
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

sem_t done;
long result = 0;
int verbose = 0;

static void *worker(void *arg) {
  (void)arg;
  if (verbose)
    sem_post(&done);
  result = 99;  // expect: race-shared-global
  if (!verbose)
    sem_post(&done);
  return NULL;
}

int main(int argc, char **argv) {
  (void)argv;
  pthread_t t;
  verbose = argc > 0;
  sem_init(&done, 0, 0);
  pthread_create(&t, NULL, worker, NULL);
  sem_wait(&done);
  printf("%ld\n", result);  // no finding: racy read, but the finding goes on the write
  pthread_join(t, NULL);
  return 0;
}

// The loader posts `parsed` but main waits on `loaded`, posted before the write: the wait orders nothing after it.
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

sem_t loaded, parsed;
long header_size = 0;

static void *loader(void *arg) {
  (void)arg;
  sem_post(&loaded);
  header_size = 512;  // expect: race-shared-global
  sem_post(&parsed);
  return NULL;
}

int main(void) {
  pthread_t t;
  sem_init(&loaded, 0, 0);
  sem_init(&parsed, 0, 0);
  pthread_create(&t, NULL, loader, NULL);
  sem_wait(&loaded);
  printf("%ld\n", header_size);  // no finding: racy read, but the finding goes on the write
  pthread_join(t, NULL);
  sem_wait(&parsed);
  return 0;
}

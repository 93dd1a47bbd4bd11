// sem_post after writing the result, sem_wait before reading it: the semaphore orders the loader's writes before main's reads, while the loader still runs.
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

sem_t loaded;
long image_width = 0;
long image_height = 0;
long thumbnails = 0;

static void *loader(void *arg) {
  (void)arg;
  image_width = 640;  // no finding: main reads it after sem_wait
  image_height = 480;  // no finding: main reads it after sem_wait
  sem_post(&loaded);
  for (int i = 0; i < 4; i++)
    thumbnails++;  // no finding: main reads it after the join
  return NULL;
}

int main(void) {
  pthread_t t;
  sem_init(&loaded, 0, 0);
  pthread_create(&t, NULL, loader, NULL);
  sem_wait(&loaded);
  printf("%ldx%ld\n", image_width, image_height);  // no finding: after sem_wait, which the loader's sem_post precedes
  pthread_join(t, NULL);
  printf("%ld thumbnails\n", thumbnails);  // no finding: after the join
  sem_destroy(&loaded);
  return 0;
}

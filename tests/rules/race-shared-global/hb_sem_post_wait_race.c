// Twin of hb_sem_post_wait.c: the loader posts the semaphore before it writes the height, so main's read after sem_wait is not ordered with that write.
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
  sem_post(&loaded);
  image_height = 480;  // expect: race-shared-global
  for (int i = 0; i < 4; i++)
    thumbnails++;  // no finding: main reads it after the join
  return NULL;
}

int main(void) {
  pthread_t t;
  sem_init(&loaded, 0, 0);
  pthread_create(&t, NULL, loader, NULL);
  sem_wait(&loaded);
  printf("%ldx%ld\n", image_width, image_height);  // no finding: racy read of image_height, but the finding goes on the write
  pthread_join(t, NULL);
  printf("%ld thumbnails\n", thumbnails);  // no finding: after the join
  sem_destroy(&loaded);
  return 0;
}

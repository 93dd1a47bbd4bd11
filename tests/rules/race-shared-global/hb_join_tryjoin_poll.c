// pthread_tryjoin_np returns 0 only once the thread has ended and been joined: a loop that polls it until it succeeds orders the thread before the read after the loop.
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

int rows_loaded = 0;

static void *load_rows(void *arg) {
  (void)arg;
  for (int i = 0; i < 5; i++) {
    rows_loaded += 100;  // no finding: main reads it only after a successful tryjoin
    usleep(2000);
  }
  return NULL;
}

int main(void) {
  pthread_t loader;
  int polls = 0;
  pthread_create(&loader, NULL, load_rows, NULL);
  while (pthread_tryjoin_np(loader, NULL) != 0) {
    polls++;
    usleep(1000);
  }
  printf("%d rows after %d polls\n", rows_loaded, polls);  // no finding: the loop ends only when the tryjoin succeeded
  return 0;
}

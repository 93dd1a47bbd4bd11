// Twin of hb_join_tryjoin_poll.c: the polling loop shows the progress while pthread_tryjoin_np still fails, that is while the loader runs.
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

int rows_loaded = 0;

static void *load_rows(void *arg) {
  (void)arg;
  for (int i = 0; i < 5; i++) {
    rows_loaded += 100;  // expect: race-shared-global
    usleep(2000);
  }
  return NULL;
}

int main(void) {
  pthread_t loader;
  int polls = 0;
  pthread_create(&loader, NULL, load_rows, NULL);
  while (pthread_tryjoin_np(loader, NULL) != 0) {
    printf("loading: %d rows\n", rows_loaded);  // no finding: racy read, but the finding goes on the write
    usleep(1000);
  }
  printf("%d rows after %d polls\n", rows_loaded, polls);  // no finding: the loop ends only when the tryjoin succeeded
  return 0;
}

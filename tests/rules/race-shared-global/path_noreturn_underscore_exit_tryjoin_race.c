// Twin of path_noreturn_underscore_exit_tryjoin.c: after too many tries the loop is left with break instead of _exit(), so the read may run while the thread does; the limit is low so that a run takes that path.
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

long pages_cached = 0;

static void *warm_cache(void *arg) {
  (void)arg;
  pages_cached = 512;  // expect: race-shared-global
  usleep(300000);  // releasing the mapping
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, warm_cache, NULL);
  for (int polls = 0; pthread_tryjoin_np(t, NULL) != 0; polls++) {
    if (polls == 50) {
      fputs("cache warmer hung\n", stderr);
      break;
    }
    usleep(1000);
  }
  printf("%ld pages\n", pages_cached);  // no finding: racy read, but the finding goes on the write
  return 0;
}

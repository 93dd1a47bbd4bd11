// A bounded poll of pthread_tryjoin_np: after too many tries the process ends with _exit(); otherwise the loop ends only when the tryjoin succeeded, so the read after it follows the thread.
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

long pages_cached = 0;

static void *warm_cache(void *arg) {
  (void)arg;
  pages_cached = 512;  // no finding: main reads it only after a successful tryjoin
  usleep(300000);  // releasing the mapping
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, warm_cache, NULL);
  for (int polls = 0; pthread_tryjoin_np(t, NULL) != 0; polls++) {
    if (polls == 5000) {
      fputs("cache warmer hung\n", stderr);
      _exit(3);
    }
    usleep(1000);
  }
  printf("%ld pages\n", pages_cached);  // no finding: the loop is left only through a successful tryjoin
  return 0;
}

// Twin of path_noreturn_inferred_fatal.c: fatal() returns (it has no exit()), so main reads after a failed timed join; the deadline is short so that a run takes that path.
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

long certificates_loaded = 0;

static struct timespec deadline_in_ms(long ms) {
  struct timespec d;
  clock_gettime(CLOCK_REALTIME, &d);
  d.tv_sec += ms / 1000;
  d.tv_nsec += (ms % 1000) * 1000000L;
  if (d.tv_nsec >= 1000000000L) {
    d.tv_sec++;
    d.tv_nsec -= 1000000000L;
  }
  return d;
}

static void fatal(const char *why) {
  perror(why);
}

static void *load_certificates(void *arg) {
  (void)arg;
  certificates_loaded = 3;  // expect: race-shared-global
  usleep(200000);
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, load_certificates, NULL);
  struct timespec deadline = deadline_in_ms(50);
  if (pthread_timedjoin_np(t, NULL, &deadline) != 0)
    fatal("loading certificates");
  printf("%ld certificates\n", certificates_loaded);  // no finding: racy read, but the finding goes on the write
  return 0;
}

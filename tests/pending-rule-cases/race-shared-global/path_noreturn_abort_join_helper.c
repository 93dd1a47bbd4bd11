// join_or_abort() returns only after a successful timed join (its other path ends in abort()): its callers' reads after it are ordered after the thread.
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

long rows_written = 0;

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

static void join_or_abort(pthread_t t, long ms) {
  struct timespec deadline = deadline_in_ms(ms);
  if (pthread_timedjoin_np(t, NULL, &deadline) == 0)
    return;
  fprintf(stderr, "writer hung\n");
  abort();
}

static void *writer(void *arg) {
  (void)arg;
  rows_written = 4096;  // no finding: main reads it only after join_or_abort() returned
  usleep(300000);  // fsync
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, writer, NULL);
  join_or_abort(t, 5000);
  printf("%ld rows\n", rows_written);  // no finding: join_or_abort() returns only once the thread is joined
  return 0;
}

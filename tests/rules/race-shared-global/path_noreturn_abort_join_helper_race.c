// Twin of path_noreturn_abort_join_helper.c: the helper's timeout path returns instead of calling abort(), so the caller may read while the thread runs; the deadline is short so that a run takes that path.
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
}

static void *writer(void *arg) {
  (void)arg;
  rows_written = 4096;  // expect: race-shared-global
  usleep(300000);  // fsync
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, writer, NULL);
  join_or_abort(t, 50);
  printf("%ld rows\n", rows_written);  // no finding: racy read, but the finding goes on the write
  return 0;
}

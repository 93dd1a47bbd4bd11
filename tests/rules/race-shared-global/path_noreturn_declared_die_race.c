// Twin of path_noreturn_declared_die.c: a failed timed join only calls warn(), which returns, so main reads while the shards run; the deadline is short so that a run takes that path.
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

long rows_east = 0;
long rows_west = 0;

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

static void warn(const char *why) {
  fprintf(stderr, "warning: %s\n", why);
}

static void *count_east(void *arg) {
  (void)arg;
  rows_east = 120;  // expect: race-shared-global
  usleep(200000);
  return NULL;
}

static void *count_west(void *arg) {
  (void)arg;
  rows_west = 80;  // expect: race-shared-global
  usleep(200000);
  return NULL;
}

int main(void) {
  pthread_t shards[2];
  pthread_create(&shards[0], NULL, count_east, NULL);
  pthread_create(&shards[1], NULL, count_west, NULL);
  for (int i = 0; i < 2; i++) {
    struct timespec deadline = deadline_in_ms(50);
    if (pthread_timedjoin_np(shards[i], NULL, &deadline) != 0)
      warn("shard hung");
  }
  printf("%ld rows\n", rows_east + rows_west);  // no finding: racy reads, but the findings go on the writes
  return 0;
}

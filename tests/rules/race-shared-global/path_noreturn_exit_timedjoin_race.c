// Twin of path_noreturn_exit_timedjoin.c: the timeout branch only prints a message (no exit()), so main goes on to read while the thread runs; the deadline is short so that a run takes that branch.
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

long digest = 0;

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

static void *hash_file(void *arg) {
  (void)arg;
  digest = 0x1badb002;  // expect: race-shared-global
  usleep(300000);  // closing the file
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, hash_file, NULL);
  struct timespec deadline = deadline_in_ms(50);
  if (pthread_timedjoin_np(t, NULL, &deadline) != 0) {
    fprintf(stderr, "hashing timed out\n");
  }
  printf("%lx\n", digest);  // no finding: racy read, but the finding goes on the write
  return 0;
}

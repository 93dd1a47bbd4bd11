// Twin of hb_join_timedjoin_both_branches.c: the timeout branch prints the partial checksum before its pthread_join, while the thread still runs (the deadline is short so that a run takes that branch).
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

long checksum = 0;

static void *compute(void *arg) {
  (void)arg;
  usleep(50000);
  for (long i = 1; i <= 1000; i++)
    checksum = checksum * 31 + i;  // expect: race-shared-global
  return NULL;
}

int main(void) {
  pthread_t t;
  struct timespec deadline;
  pthread_create(&t, NULL, compute, NULL);
  clock_gettime(CLOCK_REALTIME, &deadline);
  if (pthread_timedjoin_np(t, NULL, &deadline) != 0) {
    fprintf(stderr, "compute is slow, %ld so far\n", checksum);  // no finding: racy read, but the finding goes on the write
    pthread_join(t, NULL);
  }
  printf("checksum %ld\n", checksum);  // no finding: joined by the timed join's success or by pthread_join
  return 0;
}

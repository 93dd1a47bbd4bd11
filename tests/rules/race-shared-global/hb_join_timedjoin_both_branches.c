// pthread_timedjoin_np joins only when it returns 0; on a timeout main joins with pthread_join instead: the thread is joined on both branches before the read after the if.
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <time.h>

long checksum = 0;

static void *compute(void *arg) {
  (void)arg;
  for (long i = 1; i <= 1000; i++)
    checksum = checksum * 31 + i;  // no finding: main reads it only after one of the two joins
  return NULL;
}

int main(void) {
  pthread_t t;
  struct timespec deadline;
  pthread_create(&t, NULL, compute, NULL);
  clock_gettime(CLOCK_REALTIME, &deadline);
  deadline.tv_sec += 5;
  if (pthread_timedjoin_np(t, NULL, &deadline) != 0) {
    fprintf(stderr, "compute is slow, waiting\n");
    pthread_join(t, NULL);
  }
  printf("checksum %ld\n", checksum);  // no finding: joined by the timed join's success or by pthread_join
  return 0;
}

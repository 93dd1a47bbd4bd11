// Twin of hb_barrier_pthread_main_participates.c: the sampler passes both barriers before its loop, so main's read after the second barrier meets the sampler's writes.
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>

pthread_barrier_t sync_point;
long iterations = 0;
long samples = 0;

static void *sampler(void *arg) {
  (void)arg;
  pthread_barrier_wait(&sync_point);
  pthread_barrier_wait(&sync_point);
  for (long i = 0; i < iterations; i++)  // no finding: main wrote iterations before the first barrier
    samples += 2;  // expect: race-shared-global
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_barrier_init(&sync_point, NULL, 2);
  pthread_create(&t, NULL, sampler, NULL);
  iterations = 500;  // no finding: before the first barrier
  pthread_barrier_wait(&sync_point);
  pthread_barrier_wait(&sync_point);
  printf("%ld samples\n", samples);  // no finding: racy read, but the finding goes on the write
  pthread_join(t, NULL);
  pthread_barrier_destroy(&sync_point);
  return 0;
}

// pthread_barrier_wait separates two phases: what each worker writes before the barrier, the other one reads after it.
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>

pthread_barrier_t phase_end;
long left_edge = 0;
long right_edge = 0;
long left_result = 0;
long right_result = 0;

static void *left_half(void *arg) {
  (void)arg;
  left_edge = 17;  // no finding: right_half reads it only after the barrier
  pthread_barrier_wait(&phase_end);
  left_result = left_edge + right_edge;  // no finding: right_edge was written before the barrier
  return NULL;
}

static void *right_half(void *arg) {
  (void)arg;
  right_edge = 25;  // no finding: left_half reads it only after the barrier
  pthread_barrier_wait(&phase_end);
  right_result = right_edge - left_edge;  // no finding: left_edge was written before the barrier
  return NULL;
}

int main(void) {
  pthread_t l, r;
  pthread_barrier_init(&phase_end, NULL, 2);
  pthread_create(&l, NULL, left_half, NULL);
  pthread_create(&r, NULL, right_half, NULL);
  pthread_join(l, NULL);
  pthread_join(r, NULL);
  pthread_barrier_destroy(&phase_end);
  printf("%ld %ld\n", left_result, right_result);  // no finding: after both joins
  return 0;
}

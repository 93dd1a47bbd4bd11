// Both threads pass the barrier in a loop; in each round the leader writes the step and the follower reads it in the same phase.
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>

pthread_barrier_t round_end;
long step = 0;
long seen = 0;

static void *leader(void *arg) {
  (void)arg;
  for (int r = 0; r < 100; r++) {
    step = r;  // expect: race-shared-global
    pthread_barrier_wait(&round_end);
  }
  return NULL;
}

static void *follower(void *arg) {
  (void)arg;
  for (int r = 0; r < 100; r++) {
    seen += step;
    pthread_barrier_wait(&round_end);
  }
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_barrier_init(&round_end, NULL, 2);
  pthread_create(&a, NULL, leader, NULL);
  pthread_create(&b, NULL, follower, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("%ld\n", seen);  // no finding: after both joins
  return 0;
}

// A consumer spins in an endless loop until the producer's release store is seen, and leaves it
// by a break: what the producer wrote before the store is seen after the loop. Race-free.
// Racy twin: hb_spin_endless_loop_break_race.c (the store made before the write).
#define _DEFAULT_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

static atomic_int ready;
static long answer;

static void *producer(void *arg) {
  (void)arg;
  usleep(1000);  // only lets main reach its loop first: the order is not guaranteed
  answer = 42;
  atomic_store_explicit(&ready, 1, memory_order_release);
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, producer, NULL);
  for (;;) {
    if (atomic_load_explicit(&ready, memory_order_acquire) == 1)
      break;
  }
  printf("%ld\n", answer);  // no finding: after the break, ready == 1 was seen
  pthread_join(t, NULL);
  return 0;
}

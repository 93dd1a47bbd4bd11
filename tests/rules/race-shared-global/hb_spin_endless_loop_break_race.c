// Twin of hb_spin_endless_loop_break.c: the producer stores the flag before it writes the
// answer, so seeing the flag orders nothing about the write.
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
  atomic_store_explicit(&ready, 1, memory_order_release);
  answer = 42;  // expect: race-shared-global
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, producer, NULL);
  for (;;) {
    if (atomic_load_explicit(&ready, memory_order_acquire) == 1)
      break;
  }
  printf("%ld\n", answer);
  pthread_join(t, NULL);
  return 0;
}

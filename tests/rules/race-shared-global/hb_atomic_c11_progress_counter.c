// C11: the worker adds each item to the checksum, then counts it with atomic_fetch_add (seq_cst); main spins until the count reaches the total and reads the checksum.
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

#define ITEMS 100

atomic_int processed = 0;
long checksum = 0;

static void *process(void *arg) {
  (void)arg;
  for (int i = 0; i < ITEMS; i++) {
    checksum += i * 7;  // no finding: each write is published by the increment after it
    atomic_fetch_add(&processed, 1);
  }
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, process, NULL);
  while (atomic_load(&processed) < ITEMS)
    sched_yield();
  printf("checksum %ld\n", checksum);  // no finding: the load saw the last increment, which follows every write
  pthread_join(t, NULL);
  return 0;
}

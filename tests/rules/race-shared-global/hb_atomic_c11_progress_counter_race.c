// Twin of hb_atomic_c11_progress_counter.c: the counter is a volatile int; volatile is not synchronisation, so both the counter and the checksum race.
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

#define ITEMS 100

volatile int processed = 0;
long checksum = 0;

static void *process(void *arg) {
  (void)arg;
  for (int i = 0; i < ITEMS; i++) {
    checksum += i * 7;  // expect: race-shared-global
    processed++;  // expect: race-shared-global
  }
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, process, NULL);
  while (processed < ITEMS)  // no finding: racy read, but the finding goes on the write
    sched_yield();
  printf("checksum %ld\n", checksum);  // no finding: racy read, but the finding goes on the write
  pthread_join(t, NULL);
  return 0;
}

// Twin of hb_spin_c11_atomic_flag.c: the flag is cleared with memory_order_relaxed, so the next test-and-set does not see what the holder wrote.
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

static atomic_flag log_busy = ATOMIC_FLAG_INIT;
static long log_bytes = 0;
static int log_used = 0;

static void *logger(void *arg) {
  long size = (long)arg;
  for (int i = 0; i < 500; i++) {
    while (atomic_flag_test_and_set_explicit(&log_busy, memory_order_acquire))
      ;
    log_bytes += size;          // expect: race-shared-global
    log_used++;                 // expect: race-shared-global
    atomic_flag_clear_explicit(&log_busy, memory_order_relaxed);
  }
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, logger, (void *)40L);
  pthread_create(&b, NULL, logger, (void *)72L);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("%d entries, %ld bytes\n", log_used, log_bytes);  // no finding: after the joins
  return 0;
}

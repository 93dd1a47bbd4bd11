// A C11 atomic_flag spinlock: test-and-set with acquire takes it, clear with release gives it back; two threads count what they log under it.
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
    log_bytes += size;          // no finding: under the spinlock
    log_used++;                 // no finding: under the spinlock
    atomic_flag_clear_explicit(&log_busy, memory_order_release);
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

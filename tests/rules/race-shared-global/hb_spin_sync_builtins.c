// Two threads add to shared totals under a spinlock made of GCC's __sync builtins: __sync_lock_test_and_set acquires it, __sync_lock_release gives it back.
#include <pthread.h>
#include <stdio.h>

static volatile int spin = 0;
long bytes_in = 0;
long packets_in = 0;

static void *receiver(void *arg) {
  long size = (long)arg;
  for (int i = 0; i < 1000; i++) {
    while (__sync_lock_test_and_set(&spin, 1))
      ;
    bytes_in += size;  // no finding: under the spinlock
    packets_in++;      // no finding: under the spinlock
    __sync_lock_release(&spin);
  }
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, receiver, (void *)64L);
  pthread_create(&b, NULL, receiver, (void *)1500L);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("%ld bytes in %ld packets\n", bytes_in, packets_in);  // no finding: after the joins
  return 0;
}

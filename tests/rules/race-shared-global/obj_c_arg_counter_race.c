// Two threads get the address of one local counter: both increment it without a lock.
#include <pthread.h>
#include <stdio.h>

static void *count_up(void *arg) {
  long *counter = arg;
  for (int i = 0; i < 100000; ++i)
    *counter += 1;  // expect: race-shared-global
  return NULL;
}

int main(void) {
  long counter = 0;
  pthread_t a, b;
  pthread_create(&a, NULL, count_up, &counter);
  pthread_create(&b, NULL, count_up, &counter);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("%ld\n", counter);
  return 0;
}

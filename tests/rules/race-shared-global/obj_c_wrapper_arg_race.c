// Threads started through a helper that takes the entry as a function pointer and the
// argument as void *: the address of main's local reaches both threads.
#include <pthread.h>
#include <stdio.h>

static pthread_t start(void *(*fn)(void *), void *arg) {
  pthread_t t;
  pthread_create(&t, NULL, fn, arg);
  return t;
}

static void *drain(void *arg) {
  int *pending = arg;
  while (*pending > 0)
    *pending -= 1;  // expect: race-shared-global
  return NULL;
}

int main(void) {
  int pending = 1000;
  pthread_t a = start(drain, &pending);
  pthread_t b = start(drain, &pending);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("%d\n", pending);
  return 0;
}

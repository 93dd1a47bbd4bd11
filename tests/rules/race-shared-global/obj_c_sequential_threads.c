// One local handed to two threads that never run at once: the first is joined before the
// second starts.
#include <pthread.h>
#include <stdio.h>

static void *bump(void *arg) {
  int *n = arg;
  *n += 1;
  return NULL;
}

int main(void) {
  int n = 0;
  pthread_t t;
  pthread_create(&t, NULL, bump, &n);
  pthread_join(t, NULL);
  pthread_create(&t, NULL, bump, &n);
  pthread_join(t, NULL);
  printf("%d\n", n);
  return 0;
}

// Each worker has a buffer of its own on its stack and hands its address to a helper: two
// workers never touch one buffer, so nothing is shared.
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static void fill(char *buf, int n, char c) {
  for (int i = 0; i < n; ++i)
    buf[i] = c;
}

static void *worker(void *arg) {
  char buf[64];
  fill(buf, (int)sizeof buf, *(char *)arg);
  buf[63] = 0;
  return (void *)(long)strlen(buf);
}

int main(void) {
  static char a = 'a', b = 'b';
  pthread_t x, y;
  pthread_create(&x, NULL, worker, &a);
  pthread_create(&y, NULL, worker, &b);
  pthread_join(x, NULL);
  pthread_join(y, NULL);
  return 0;
}

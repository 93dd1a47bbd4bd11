// main calls the starter twice: once for a first task, once more in a retry loop. The workers
// are detached and each bumps the global count; the second call site is the one in the loop.
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static int retries;

static void *retry(void *arg) {
  (void)arg;
  retries += 1;  // expect: race-shared-global
  return NULL;
}

static void start_retry(void) {
  pthread_t t;
  pthread_create(&t, NULL, retry, NULL);
  pthread_detach(t);
}

static void on_failure(int n) {
  if (n % 2 == 0)
    start_retry();
}

int main(void) {
  for (int n = 0; n < 6; ++n)
    on_failure(n);
  start_retry();
  sleep(1);
  return 0;
}

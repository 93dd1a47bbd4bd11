// The start routine is first copied into a local function-pointer variable, which is what
// pthread_create receives; main reads the counter while the thread updates it.
#include <pthread.h>
#include <stddef.h>

int retries;

static void *retry_loop(void *arg) {
  for (int i = 0; i < 50; ++i)
    retries++;  // expect: race-shared-global
  return arg;
}

int main(void) {
  void *(*entry)(void *) = retry_loop;
  pthread_t t;
  pthread_create(&t, NULL, entry, NULL);
  int snapshot = retries;  // no finding: the read of the pair; the unprotected write is primary
  pthread_join(t, NULL);
  return snapshot > retries;  // no finding: after the join
}

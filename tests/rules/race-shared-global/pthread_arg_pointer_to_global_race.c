// &g passed as pthread_create's argument and written through the pointer in the thread is a write to g.
#include <pthread.h>
#include <stddef.h>

int shared_value = 0;

static void *worker(void *arg) {
  int *p = arg;
  *p = 5;  // expect: race-shared-global
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, &shared_value);
  shared_value = 7;  // no finding: the pair's other unprotected write; the earlier line (in worker) is primary
  pthread_join(t, NULL);
  return shared_value == 0;  // no finding: after pthread_join
}

// A function-local static in C, incremented by two threads, races.
#include <pthread.h>
#include <stddef.h>

static int next_ticket(void) {
  static int ticket = 0;  // no finding: static initialisation, no write at run time
  return ++ticket;  // expect: race-shared-global
}

static void *worker(void *arg) {
  (void)arg;
  for (int i = 0; i < 50; ++i)
    next_ticket();
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, worker, NULL);
  pthread_create(&b, NULL, worker, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  return next_ticket() == 101 ? 0 : 1;
}

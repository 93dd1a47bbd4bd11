// Two pthreads running the same worker increment a global without a lock.
#include <pthread.h>
#include <stddef.h>

long counter = 0;

static void *worker(void *arg) {
  (void)arg;
  for (int i = 0; i < 100; ++i)
    counter++;  // expect: race-shared-global
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, worker, NULL);
  pthread_create(&b, NULL, worker, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  return counter == 200 ? 0 : 1;  // no finding: after both joins
}

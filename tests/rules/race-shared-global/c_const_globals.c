// const globals in C are never written: reading them from several threads is no race.
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

static const int primes[] = {2, 3, 5, 7};
const char *const greeting = "hello";

static void *worker(void *arg) {
  (void)arg;
  intptr_t sum = 0;
  for (int i = 0; i < 4; ++i)
    sum += primes[i];  // no finding: const
  sum += (intptr_t)strlen(greeting);  // no finding: const pointer to const data
  return (void *)sum;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, worker, NULL);
  pthread_create(&b, NULL, worker, NULL);
  void *ra, *rb;
  pthread_join(a, &ra);
  pthread_join(b, &rb);
  return (intptr_t)ra + (intptr_t)rb == 44 ? 0 : 1;
}

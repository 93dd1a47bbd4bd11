// An _Atomic counter is safe, but the plain counter updated right beside it still races.
#include <pthread.h>
#include <stddef.h>

_Atomic long requests = 0;
long bytes = 0;

static void *worker(void *arg) {
  (void)arg;
  for (int i = 0; i < 100; ++i) {
    requests++;  // no finding: _Atomic
    bytes += 10;  // expect: race-shared-global
  }
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, worker, NULL);
  pthread_create(&b, NULL, worker, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  return requests == 200 && bytes == 2000 ? 0 : 1;
}

// C11 _Atomic globals: ++, +=, atomic_fetch_add, atomic_store/atomic_load from several threads are no race.
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>

_Atomic int hits = 0;
atomic_long bytes = 0;
atomic_bool stop = 0;

static void *worker(void *arg) {
  (void)arg;
  for (int i = 0; i < 100; ++i) {
    hits++;  // no finding: _Atomic
    hits += 2;  // no finding: _Atomic
    atomic_fetch_add(&bytes, 10);  // no finding: atomic
    if (atomic_load(&stop))  // no finding: atomic
      break;
  }
  atomic_store(&stop, 0);  // no finding: atomic
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, worker, NULL);
  pthread_create(&b, NULL, worker, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  return hits == 600 && bytes == 2000 ? 0 : 1;
}

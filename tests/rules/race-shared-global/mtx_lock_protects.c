// C11 mtx_lock/mtx_unlock of the same mtx_t around every access: no race.
#include <stddef.h>
#include <threads.h>

mtx_t lock;
long counter = 0;

static int worker(void *arg) {
  (void)arg;
  for (int i = 0; i < 100; ++i) {
    mtx_lock(&lock);
    counter++;  // no finding: both threads hold lock
    mtx_unlock(&lock);
  }
  return 0;
}

int main(void) {
  thrd_t a, b;
  mtx_init(&lock, mtx_plain);
  thrd_create(&a, worker, NULL);
  thrd_create(&b, worker, NULL);
  thrd_join(a, NULL);
  thrd_join(b, NULL);
  mtx_destroy(&lock);
  return counter == 200 ? 0 : 1;
}

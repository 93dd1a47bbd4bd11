// C11 locks have identity too: threads holding different mtx_t objects still race.
#include <stddef.h>
#include <threads.h>

mtx_t lock_a;
mtx_t lock_b;
long counter = 0;

static int via_a(void *arg) {
  (void)arg;
  mtx_lock(&lock_a);
  counter += 1;  // expect: race-shared-global
  mtx_unlock(&lock_a);
  return 0;
}

static int via_b(void *arg) {
  (void)arg;
  mtx_lock(&lock_b);
  counter += 2;  // no finding: the pair's other write (both locked, both write): the earlier line is primary
  mtx_unlock(&lock_b);
  return 0;
}

int main(void) {
  thrd_t a, b;
  mtx_init(&lock_a, mtx_plain);
  mtx_init(&lock_b, mtx_plain);
  thrd_create(&a, via_a, NULL);
  thrd_create(&b, via_b, NULL);
  thrd_join(a, NULL);
  thrd_join(b, NULL);
  return counter == 3 ? 0 : 1;
}

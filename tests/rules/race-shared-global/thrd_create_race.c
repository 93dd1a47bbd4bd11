// C11 thrd_create: the thread's write races with main's write before thrd_join.
#include <stddef.h>
#include <threads.h>

int status = 0;

static int worker(void *arg) {
  (void)arg;
  status = 1;  // expect: race-shared-global
  return 0;
}

int main(void) {
  thrd_t t;
  thrd_create(&t, worker, NULL);
  status = 2;  // no finding: the pair's other unprotected write; the earlier line (in worker) is primary
  thrd_join(t, NULL);
  return status == 0;  // no finding: after thrd_join
}

// Three wrapper levels lie between main and pthread_create, and a wrapper joins the handle that
// came back through a pthread_t*; each worker writes its own global, main reads after the joins.
#include <pthread.h>
#include <stddef.h>

typedef void *(*start_fn)(void *);
long left_sum;
long right_sum;

static int spawn_raw(start_fn fn, void *arg, pthread_t *tid) { return pthread_create(tid, NULL, fn, arg); }
static int spawn_checked(start_fn fn, void *arg, pthread_t *tid) { return fn ? spawn_raw(fn, arg, tid) : -1; }
static int launch(start_fn fn, pthread_t *tid) { return spawn_checked(fn, NULL, tid); }
static void wait_for(pthread_t tid) { pthread_join(tid, NULL); }

static void *sum_left(void *arg) {
  for (int i = 0; i < 500; ++i)
    left_sum += i;  // no finding: only this thread touches left_sum while it runs
  return arg;
}

static void *sum_right(void *arg) {
  for (int i = 500; i < 1000; ++i)
    right_sum += i;  // no finding: only this thread touches right_sum while it runs
  return arg;
}

int main(void) {
  pthread_t l, r;
  launch(sum_left, &l);
  launch(sum_right, &r);
  wait_for(l);
  wait_for(r);
  return left_sum + right_sum == 499500 ? 0 : 1;  // no finding: both joined through wait_for
}

// __thread and _Thread_local variables (file scope and function-local static) are per thread: no race.
#include <pthread.h>
#include <stddef.h>

__thread int scratch = 0;
_Thread_local long calls = 0;

static void *worker(void *arg) {
  static __thread int depth = 0;
  (void)arg;
  depth = 0;  // no finding: each thread has its own depth
  for (int i = 0; i < 100; ++i) {
    scratch += i;  // no finding: each thread has its own scratch
    calls++;  // no finding: each thread has its own calls
    depth++;  // no finding: each thread has its own depth
  }
  return depth == 100 ? NULL : arg;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, worker, NULL);
  pthread_create(&b, NULL, worker, NULL);
  worker(NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  return calls == 100 ? 0 : 1;
}

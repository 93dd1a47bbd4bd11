// pthread_join orders the thread before main's later accesses; main's earlier ones precede pthread_create.
#include <pthread.h>
#include <stddef.h>

int result = 0;

static void *worker(void *arg) {
  (void)arg;
  result = result * 2;  // no finding: main touches result only before the create and after the join
  return NULL;
}

int main(void) {
  pthread_t t;
  result = 21;  // no finding: before pthread_create
  pthread_create(&t, NULL, worker, NULL);
  pthread_join(t, NULL);
  return result == 42 ? 0 : 1;  // no finding: after pthread_join
}

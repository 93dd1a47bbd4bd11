// &g passed as pthread_create's argument and written through the pointer; main reads g only after the join.
#include <pthread.h>
#include <stddef.h>

int shared_value = 0;

static void *worker(void *arg) {
  int *p = arg;
  *p = 5;  // no finding: main touches shared_value only before the create and after the join
  return NULL;
}

int main(void) {
  pthread_t t;
  shared_value = 1;  // no finding: before pthread_create
  pthread_create(&t, NULL, worker, &shared_value);
  pthread_join(t, NULL);
  return shared_value == 5 ? 0 : 1;  // no finding: after pthread_join
}

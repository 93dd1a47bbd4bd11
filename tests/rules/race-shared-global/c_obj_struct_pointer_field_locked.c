/* The struct hands over the counter and the mutex guarding it: every increment holds it. */
#include <pthread.h>
#include <stdio.h>
struct args { long *counter; pthread_mutex_t *lock; };
static void *worker(void *p) {
  struct args *a = p;
  for (int i = 0; i < 1000; ++i) {
    pthread_mutex_lock(a->lock);
    (*a->counter)++;  /* no finding: under the mutex the struct hands over */
    pthread_mutex_unlock(a->lock);
  }
  return NULL;
}
int main(void) {
  long counter = 0;
  pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
  struct args a = {&counter, &lock};
  pthread_t t1, t2;
  pthread_create(&t1, NULL, worker, &a);
  pthread_create(&t2, NULL, worker, &a);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  printf("%ld\n", counter);
  return 0;
}

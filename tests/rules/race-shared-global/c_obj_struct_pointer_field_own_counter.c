/* Each thread's struct points at a counter of its own. */
#include <pthread.h>
#include <stdio.h>
struct args { long *counter; };
static void *worker(void *p) {
  struct args *a = p;
  for (int i = 0; i < 1000; ++i)
    *a->counter += 1;  /* no finding: c1 for one thread, c2 for the other */
  return NULL;
}
int main(void) {
  long c1 = 0, c2 = 0;
  struct args a1 = {&c1}, a2 = {&c2};
  pthread_t t1, t2;
  pthread_create(&t1, NULL, worker, &a1);
  pthread_create(&t2, NULL, worker, &a2);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  printf("%ld %ld\n", c1, c2);
  return 0;
}

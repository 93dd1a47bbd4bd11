/* The field is assigned the counter's address before the start; main writes the counter while
   the thread increments it through the field. */
#include <pthread.h>
#include <stdio.h>
struct args { long *counter; };
static void *worker(void *p) {
  struct args *a = p;
  for (int i = 0; i < 100000; ++i)
    *a->counter += 1;  // expect: race-shared-global
  return NULL;
}
int main(void) {
  long total = 0;
  struct args a;
  a.counter = &total;
  pthread_t t;
  pthread_create(&t, NULL, worker, &a);
  total = 5;
  pthread_join(t, NULL);
  printf("%ld\n", total);
  return 0;
}

/* The thread argument is a struct holding the address of main's counter: both threads
   increment it through the field. */
#include <pthread.h>
#include <stdio.h>
struct args { long *counter; int id; };
static void *worker(void *p) {
  struct args *a = p;
  for (int i = 0; i < 1000; ++i)
    (*a->counter)++;  // expect: race-shared-global
  return NULL;
}
int main(void) {
  long counter = 0;
  struct args a = {&counter, 1};
  pthread_t t1, t2;
  pthread_create(&t1, NULL, worker, &a);
  pthread_create(&t2, NULL, worker, &a);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  printf("%ld\n", counter);
  return 0;
}

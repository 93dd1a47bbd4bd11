// A local configuration filled in before the thread starts, only read by the thread, and read
// again by main only after the join: handed over, never shared at the same time.
#include <pthread.h>
#include <stdio.h>

struct job {
  int first, last;
  long sum;
};

static void *add_range(void *arg) {
  struct job *j = arg;
  long s = 0;
  for (int i = j->first; i < j->last; ++i)
    s += i;
  j->sum = s;
  return NULL;
}

int main(void) {
  struct job j;
  j.first = 1;
  j.last = 1000;
  j.sum = 0;
  pthread_t t;
  pthread_create(&t, NULL, add_range, &j);
  pthread_join(t, NULL);
  printf("%ld\n", j.sum);
  return 0;
}

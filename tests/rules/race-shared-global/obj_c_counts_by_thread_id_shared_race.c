// The twin of obj_c_counts_by_thread_id: the threads also add to one shared total, which no id
// picks.
#include <pthread.h>
#include <stdio.h>

#define N 4

static long counts[N];
static long grand_total;

static void *count(void *arg) {
  long id = (long)arg;
  for (int i = 0; i < 1000; ++i) {
    counts[id]++;
    grand_total++;  // expect: race-shared-global
  }
  return NULL;
}

int main(void) {
  pthread_t t[N];
  for (long i = 0; i < N; ++i)
    pthread_create(&t[i], NULL, count, (void *)i);
  for (int i = 0; i < N; ++i)
    pthread_join(t[i], NULL);
  printf("%ld %ld\n", counts[0], grand_total);
  return 0;
}

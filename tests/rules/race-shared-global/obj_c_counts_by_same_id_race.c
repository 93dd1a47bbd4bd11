// The twin of obj_c_counts_by_thread_id: every thread is started with the same id, so they all
// count into one element.
#include <pthread.h>
#include <stdio.h>

#define N 4

static long counts[N];

static void *count(void *arg) {
  long id = (long)arg;
  for (int i = 0; i < 1000; ++i)
    counts[id]++;  // expect: race-shared-global
  return NULL;
}

int main(void) {
  pthread_t t[N];
  for (long i = 0; i < N; ++i)
    pthread_create(&t[i], NULL, count, (void *)0);
  for (int i = 0; i < N; ++i)
    pthread_join(t[i], NULL);
  printf("%ld\n", counts[0]);
  return 0;
}

// The twin of obj_c_counts_by_thread_id: each thread also reads its neighbour's element, which
// the neighbour is writing.
#include <pthread.h>
#include <stdio.h>

#define N 4

static long counts[N];
static long seen[N];

static void *count(void *arg) {
  long id = (long)arg;
  for (int i = 0; i < 1000; ++i)
    counts[id]++;  // expect: race-shared-global
  seen[id] = counts[(id + 1) % N];
  return NULL;
}

int main(void) {
  pthread_t t[N];
  for (long i = 0; i < N; ++i)
    pthread_create(&t[i], NULL, count, (void *)i);
  for (int i = 0; i < N; ++i)
    pthread_join(t[i], NULL);
  printf("%ld\n", seen[0]);
  return 0;
}

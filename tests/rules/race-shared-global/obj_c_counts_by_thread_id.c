// Each thread counts into the element of a global array that its id picks; the id is the start
// loop's variable, passed by value as the thread's argument.
#include <pthread.h>
#include <stdio.h>

#define N 4

static long counts[N];

static void *count(void *arg) {
  long id = (long)arg;
  for (int i = 0; i < 1000; ++i)
    counts[id]++;
  return NULL;
}

int main(void) {
  pthread_t t[N];
  for (long i = 0; i < N; ++i)
    pthread_create(&t[i], NULL, count, (void *)i);
  long total = 0;
  for (int i = 0; i < N; ++i) {
    pthread_join(t[i], NULL);
    total += counts[i];
  }
  printf("%ld\n", total);
  return 0;
}

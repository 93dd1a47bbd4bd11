// Worker handles kept in an array and joined in a loop: main reads the total only after the loop joined every handle.
#include <pthread.h>
#include <stdio.h>

#define NWORKERS 4

pthread_mutex_t total_lock = PTHREAD_MUTEX_INITIALIZER;
long total = 0;
long chunk_size = 0;

static void *sum_chunk(void *arg) {
  long first = (long)arg * chunk_size;  // no finding: chunk_size is written before the first pthread_create
  long sum = 0;
  for (long i = first; i < first + chunk_size; i++)
    sum += i;
  pthread_mutex_lock(&total_lock);
  total += sum;  // no finding: under total_lock
  pthread_mutex_unlock(&total_lock);
  return NULL;
}

int main(void) {
  pthread_t workers[NWORKERS];
  chunk_size = 1000;  // no finding: before the threads start
  for (long i = 0; i < NWORKERS; i++)
    pthread_create(&workers[i], NULL, sum_chunk, (void *)i);
  for (int i = 0; i < NWORKERS; i++)
    pthread_join(workers[i], NULL);
  printf("%ld\n", total);  // no finding: every handle of the array was joined above
  return 0;
}

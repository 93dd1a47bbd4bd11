// Worker threads claim the next item with atomic_fetch_add on a shared counter and write the
// result of that item only: no two claims get the same index, so no two threads write one
// element; the main thread reads the results after joining them. Race-free.
// Racy twin: hb_atomic_claimed_index_c_race.c (two items share a result slot).
#define _POSIX_C_SOURCE 200112L
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

#define ITEMS 20000
#define WORKERS 4

static atomic_size_t next_item;
static long results[ITEMS];
static pthread_barrier_t start;

static void *worker(void *arg) {
  (void)arg;
  pthread_barrier_wait(&start);  // all start together, so that their claims interleave
  for (;;) {
    size_t item = atomic_fetch_add(&next_item, 1);
    if (item >= ITEMS)
      break;
    results[item] = (long)(item * item);
  }
  return NULL;
}

int main(void) {
  pthread_t threads[WORKERS];
  pthread_barrier_init(&start, NULL, WORKERS);
  for (int i = 0; i < WORKERS; i++)
    pthread_create(&threads[i], NULL, worker, NULL);
  for (int i = 0; i < WORKERS; i++)
    pthread_join(threads[i], NULL);
  long sum = 0;
  for (int i = 0; i < ITEMS; i++)
    sum += results[i];
  printf("%ld\n", sum);
  return 0;
}

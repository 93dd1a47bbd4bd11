// Twin of hb_atomic_claimed_index_c.c: two consecutive items share a result slot (`item / 2`),
// so two threads that claimed them update one element at once.
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
    results[item / 2] += (long)item;  // expect: race-shared-global
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

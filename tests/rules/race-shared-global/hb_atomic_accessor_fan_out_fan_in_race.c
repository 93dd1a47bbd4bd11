// Twin of hb_atomic_accessor_fan_out_fan_in.c: each thread sets its count to 0 before its work,
// so the main thread may read the results, and write the next round's job and mode, while the
// thread still works.
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

#define NTHREADS 4
#define ROUNDS 50

typedef struct {
  _Atomic unsigned long value;
} pending_count;

static pending_count pending[NTHREADS];
static int job[NTHREADS];
static long done[NTHREADS];
static int mode;

static inline unsigned long get_pending(int i) {
  unsigned long count = 0;
  count = atomic_load_explicit(&pending[i].value, memory_order_seq_cst);
  return count;
}

static inline void set_pending(int i, unsigned long count) {
  atomic_store_explicit(&pending[i].value, count, memory_order_seq_cst);
}

static void *io_thread(void *arg) {
  long id = (long)arg;
  for (int round = 0; round < ROUNDS; round++) {
    while (get_pending(id) == 0)
      ;
    set_pending(id, 0);
    done[id] += job[id] * mode;  // expect: race-shared-global
  }
  return NULL;
}

int main(void) {
  pthread_t threads[NTHREADS];
  for (long i = 1; i < NTHREADS; i++)
    pthread_create(&threads[i], NULL, io_thread, (void *)i);
  long total = 0;
  for (int round = 0; round < ROUNDS; round++) {
    for (int j = 1; j < NTHREADS; j++)
      job[j] = round + j;  // expect: race-shared-global
    mode = 1;  // expect: race-shared-global
    for (int j = 1; j < NTHREADS; j++)
      set_pending(j, 1);
    while (1) {
      unsigned long left = 0;
      for (int j = 1; j < NTHREADS; j++)
        left += get_pending(j);
      if (left == 0)
        break;
    }
    for (int j = 1; j < NTHREADS; j++)
      total += done[j];
  }
  for (long i = 1; i < NTHREADS; i++)
    pthread_join(threads[i], NULL);
  printf("%ld\n", total);
  return 0;
}

// The racy write sits two calls below the thread entry; the finding is at the write in the helper.
#include <pthread.h>
#include <stddef.h>

long samples_total = 0;

static void add_sample(long v) { samples_total += v; }  // expect: race-shared-global

static void record(long v) { add_sample(v * 2); }

static void *worker(void *arg) {
  (void)arg;
  for (long i = 0; i < 50; ++i)
    record(i);
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, worker, NULL);
  pthread_create(&b, NULL, worker, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  return samples_total == 4900 ? 0 : 1;
}

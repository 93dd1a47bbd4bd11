// The entry lives in a global "ops" table built with designated initialisers; two threads are
// started from ops.run and both add to the same global without a lock.
#include <pthread.h>
#include <stddef.h>

struct worker_ops {
  const char *name;
  void *(*run)(void *);
};

long bytes_out;

static void *compress_run(void *arg) {
  for (int i = 0; i < 100; ++i)
    bytes_out += 512;  // expect: race-shared-global
  return arg;
}

static const struct worker_ops compress_ops = { .name = "compress", .run = compress_run };

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, compress_ops.run, NULL);
  pthread_create(&b, NULL, compress_ops.run, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  return bytes_out == 0;  // no finding: both joined
}

// A helper that asserts the main thread's mode (redis: `serverAssert(io_threads_op ==
// IO_THREADS_OP_IDLE)`): the worker, which runs only in MODE_WRITE, can reach it only by
// failing the assertion, so its write there is never made alongside the main thread's.
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>

enum { MODE_IDLE, MODE_WRITE };

_Atomic int mode;
long clients_unlinked;  // the main thread's
atomic_int pending;

static void unlink_client(void) {
  assert(mode == MODE_IDLE);
  clients_unlinked++;  // no finding: the worker's path fails the assertion before this
}

static int write_reply(int failed) {
  if (failed)
    unlink_client();
  return failed;
}

static void *worker(void *arg) {
  while (atomic_load(&pending) == 0) {
  }
  if (mode == MODE_WRITE)
    write_reply(arg != NULL);
  atomic_store(&pending, 0);
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  mode = MODE_WRITE;
  atomic_store(&pending, 1);
  while (atomic_load(&pending) != 0) {
  }
  mode = MODE_IDLE;
  write_reply(1);
  pthread_join(t, NULL);
  return clients_unlinked == 1 ? 0 : 1;
}

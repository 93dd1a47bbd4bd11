// A thread-mode flag, in the shape of redis' io_threads_op: the main thread sets `mode` while
// the worker waits, hands it work through an atomic counter, and waits for it before setting the
// mode back. `process_request()` is shared: in the worker (where mode is MODE_READ) it only
// parses, and the part that changes the server's state runs only in MODE_IDLE, which no worker
// path can have. (The flag is _Atomic here so that this case is about the flag's paths alone.)
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <string.h>

enum { MODE_IDLE, MODE_READ };

_Atomic int mode;        // MODE_IDLE unless the main thread has handed work out
long commands_executed;  // the server's state: only the main thread changes it
atomic_int pending;      // the hand-off: 1 while the worker has work

static void execute_command(void) {
  commands_executed++;  // no finding: only reached in MODE_IDLE, which the worker never is in
}

static size_t process_request(const char *request) {
  size_t parsed = strlen(request);
  if (mode != MODE_IDLE)
    return parsed;  // in the worker: the main thread executes the command later
  execute_command();
  return parsed;
}

static void *worker(void *arg) {
  while (atomic_load(&pending) == 0) {
  }
  if (mode == MODE_READ)
    process_request((const char *)arg);
  atomic_store(&pending, 0);
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, "GET b");
  mode = MODE_READ;
  atomic_store(&pending, 1);
  process_request("GET a");
  while (atomic_load(&pending) != 0) {
  }
  mode = MODE_IDLE;
  process_request("GET a");
  process_request("GET b");
  pthread_join(t, NULL);
  return commands_executed == 2 ? 0 : 1;
}

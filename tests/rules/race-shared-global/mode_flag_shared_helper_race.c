// The racy twin of mode_flag_shared_helper.c: the shared helper tests the request, not the mode,
// so the worker reaches execute_command() while the main thread, which has handed the work out,
// runs it too.
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <string.h>

enum { MODE_IDLE, MODE_READ };

_Atomic int mode;        // MODE_IDLE unless the main thread has handed work out
long commands_executed;  // the server's state: only the main thread changes it
atomic_int pending;      // the hand-off: 1 while the worker has work

static void execute_command(void) {
  commands_executed++;  // expect: race-shared-global
}

static size_t process_request(const char *request) {
  size_t parsed = strlen(request);
  if (parsed == 0)
    return parsed;
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
  return commands_executed == 4 ? 0 : 1;
}

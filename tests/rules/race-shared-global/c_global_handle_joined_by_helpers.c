/* A maintenance thread whose handle is a global: started by one helper, joined by another that a
 * shutdown function calls (memcached's assoc thread). What main does after the shutdown runs
 * after the thread. */
#include <pthread.h>

static pthread_t maintenance_tid;
static int hash_power;

static void *maintenance(void *arg) {
  hash_power++;  // no finding: main reads it only after stop_threads() joined the thread
  return arg;
}

static int start_maintenance(void) { return pthread_create(&maintenance_tid, 0, maintenance, 0); }
static void stop_maintenance(void) { pthread_join(maintenance_tid, 0); }
static void stop_threads(void) { stop_maintenance(); }
static int save_state(void) { return hash_power; }

int main(int argc, char **argv) {
  (void)argv;
  if (argc > 0 && start_maintenance() != 0)
    return 1;
  stop_threads();
  return save_state() == 1 ? 0 : 1;
}

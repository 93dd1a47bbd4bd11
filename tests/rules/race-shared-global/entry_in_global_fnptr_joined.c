// The thread entry is taken from a global function pointer; the only thread writes the global
// between main's write before pthread_create and main's read after pthread_join.
#include <pthread.h>
#include <stddef.h>

long loaded_bytes;

static void *load_file(void *arg) {
  loaded_bytes += 4096;  // no finding: ordered by pthread_create and pthread_join
  return arg;
}

void *(*g_start_routine)(void *) = load_file;

int main(void) {
  pthread_t t;
  loaded_bytes = 100;  // no finding: before the thread exists
  if (pthread_create(&t, NULL, g_start_routine, NULL) != 0)
    return 1;
  pthread_join(t, NULL);
  return loaded_bytes == 4196 ? 0 : 1;  // no finding: after the join
}

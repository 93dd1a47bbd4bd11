// The callback handed to the traversal helper locks a mutex itself; main's concurrent write takes
// the same mutex, so the accesses are mutually excluded.
#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t bytes_lock = PTHREAD_MUTEX_INITIALIZER;
long total_bytes;

static void for_each_chunk(int count, void (*visit)(int size)) {
  for (int i = 0; i < count; ++i)
    visit(i);
}

static void add_bytes(int size) {
  pthread_mutex_lock(&bytes_lock);
  total_bytes += size;  // no finding: bytes_lock is held
  pthread_mutex_unlock(&bytes_lock);
}

static void *scanner(void *arg) {
  for_each_chunk(100, add_bytes);
  return arg;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, scanner, NULL);
  pthread_mutex_lock(&bytes_lock);
  total_bytes += 1000;  // no finding: bytes_lock is held
  pthread_mutex_unlock(&bytes_lock);
  pthread_join(t, NULL);
  return total_bytes == 5950 ? 0 : 1;  // no finding: after the join
}

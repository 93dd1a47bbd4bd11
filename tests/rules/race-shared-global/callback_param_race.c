// The global is written by a visitor passed as a callback parameter to a traversal helper; two
// scanner threads run the traversal at the same time.
#include <pthread.h>
#include <stddef.h>

long total_bytes;

static void for_each_chunk(int count, void (*visit)(int size)) {
  for (int i = 0; i < count; ++i)
    visit(i);
}

static void add_bytes(int size) {
  total_bytes += size;  // expect: race-shared-global
}

static void *scanner(void *arg) {
  for_each_chunk(100, add_bytes);
  return arg;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, scanner, NULL);
  pthread_create(&b, NULL, scanner, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  return total_bytes == 9900 ? 0 : 1;  // no finding: after the joins
}

// The entry is forwarded through two helpers (start_pool -> spawn_one -> pthread_create); main
// changes the pool state while the pool threads are reading it.
#include <pthread.h>
#include <stddef.h>

enum { POOL_SIZE = 2 };
int pool_state;
long polls[POOL_SIZE];

static int spawn_one(void *(*entry)(void *), void *arg, pthread_t *out) {
  return pthread_create(out, NULL, entry, arg);
}

static void start_pool(void *(*entry)(void *), pthread_t *handles) {
  for (long i = 0; i < POOL_SIZE; ++i)
    spawn_one(entry, (void *)i, &handles[i]);
}

static void *pool_thread(void *arg) {
  long id = (long)arg;
  for (int i = 0; i < 100; ++i)
    polls[id] += pool_state;  // no finding: reads pool_state; each thread writes its own slot
  return NULL;
}

int main(void) {
  pthread_t handles[POOL_SIZE];
  pool_state = 1;  // no finding: before the pool starts
  start_pool(pool_thread, handles);
  pool_state = 2;  // expect: race-shared-global
  for (int i = 0; i < POOL_SIZE; ++i)
    pthread_join(handles[i], NULL);
  return polls[0] < 0;
}

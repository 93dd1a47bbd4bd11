// Threads created in a loop and joined in a loop run concurrently with each other: the unlocked write races.
#include <pthread.h>
#include <stddef.h>

int finished = 0;

static void *worker(void *arg) {
  (void)arg;
  finished++;  // expect: race-shared-global
  return NULL;
}

int main(void) {
  pthread_t threads[4];
  for (int i = 0; i < 4; ++i)
    pthread_create(&threads[i], NULL, worker, NULL);
  for (int i = 0; i < 4; ++i)
    pthread_join(threads[i], NULL);
  return finished == 4 ? 0 : 1;  // no finding: after the join loop
}

// Locked writes in threads created in a loop; main writes before the create loop and reads after the join loop.
#include <pthread.h>
#include <stddef.h>

pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
int finished = 0;

static void *worker(void *arg) {
  (void)arg;
  pthread_mutex_lock(&lock);
  finished++;  // no finding: every concurrent access holds lock
  pthread_mutex_unlock(&lock);
  return NULL;
}

int main(void) {
  pthread_t threads[4];
  finished = 0;  // no finding: before the create loop
  for (int i = 0; i < 4; ++i)
    pthread_create(&threads[i], NULL, worker, NULL);
  for (int i = 0; i < 4; ++i)
    pthread_join(threads[i], NULL);
  return finished == 4 ? 0 : 1;  // no finding: unlocked, but after the join loop
}

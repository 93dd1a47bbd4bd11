// exit() ends a path: the branch that releases the lock and exits does not return to the
// increment, so the increment is still under `stats_lock` on every path that reaches it.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
long served;
int shutting_down;  // set only before the threads start

static void *worker(void *arg) {
  (void)arg;
  for (int i = 0; i < 1000; ++i) {
    pthread_mutex_lock(&stats_lock);
    if (shutting_down) {
      pthread_mutex_unlock(&stats_lock);
      fprintf(stderr, "shutting down\n");
      exit(1);
    }
    served++;  // no finding: the lock is held on every path that gets here
    pthread_mutex_unlock(&stats_lock);
  }
  return NULL;
}

int main(int argc, char **argv) {
  (void)argv;
  shutting_down = argc > 5;
  pthread_t a, b;
  pthread_create(&a, NULL, worker, NULL);
  pthread_create(&b, NULL, worker, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  return served == 2000 ? 0 : 1;
}

// main holds init_lock while it creates the workers and finishes the set-up; each worker takes init_lock (and drops it) before it reads the set-up, so the reads follow main's unlock.
#include <pthread.h>
#include <stdio.h>

pthread_mutex_t init_lock = PTHREAD_MUTEX_INITIALIZER;
long listen_port = 0;

static void *worker(void *arg) {
  pthread_mutex_lock(&init_lock);  // waits until main has finished the set-up
  pthread_mutex_unlock(&init_lock);
  printf("worker %ld on port %ld\n", (long)arg, listen_port);  // no finding: after taking init_lock, which main released after its write
  return NULL;
}

int main(void) {
  pthread_t t[2];
  pthread_mutex_lock(&init_lock);
  for (long i = 0; i < 2; i++)
    pthread_create(&t[i], NULL, worker, (void *)i);
  listen_port = 11211;  // no finding: main holds init_lock, which each worker takes before its read
  pthread_mutex_unlock(&init_lock);
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], NULL);
  return 0;
}

// Twin of hb_order_creator_holds_lock.c: main writes the port after releasing init_lock, so the workers' reads are not ordered after it.
#include <pthread.h>
#include <stdio.h>

pthread_mutex_t init_lock = PTHREAD_MUTEX_INITIALIZER;
long listen_port = 0;

static void *worker(void *arg) {
  pthread_mutex_lock(&init_lock);  // waits until main has finished the set-up
  pthread_mutex_unlock(&init_lock);
  printf("worker %ld on port %ld\n", (long)arg, listen_port);  // no finding: racy read, but the finding goes on the write
  return NULL;
}

int main(void) {
  pthread_t t[2];
  pthread_mutex_lock(&init_lock);
  for (long i = 0; i < 2; i++)
    pthread_create(&t[i], NULL, worker, (void *)i);
  pthread_mutex_unlock(&init_lock);
  listen_port = 11211;  // expect: race-shared-global
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], NULL);
  return 0;
}

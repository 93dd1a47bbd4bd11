// Twin of sync_flag_nested_block.c: the worker adds to the checksum after the block that set the flag.
#include <pthread.h>
#include <stdio.h>

pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
int state = 0;
long checksum = 0;

static void *worker(void *arg) {
  (void)arg;
  {
    pthread_mutex_lock(&lock);
    state = 2;
    pthread_cond_broadcast(&changed);
    pthread_mutex_unlock(&lock);
  }
  for (int i = 0; i < 1000; i++)
    checksum += i;  // expect: race-shared-global
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  pthread_mutex_lock(&lock);
  while (state != 2)
    pthread_cond_wait(&changed, &lock);
  pthread_mutex_unlock(&lock);
  printf("%ld\n", checksum);  // no finding: racy read, but the finding goes on the write
  pthread_join(t, NULL);
  return 0;
}

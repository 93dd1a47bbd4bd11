// The flag is set without the lock the reader takes to test it: setting it publishes nothing, and the flag itself races.
#include <pthread.h>
#include <stdio.h>

pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
int ready = 0;
long config_version = 0;

static void *publisher(void *arg) {
  (void)arg;
  config_version = 3;  // expect: race-shared-global
  ready = 1;  // expect: race-shared-global
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, publisher, NULL);
  for (;;) {
    pthread_mutex_lock(&lock);
    int seen = ready;
    pthread_mutex_unlock(&lock);
    if (seen)
      break;
  }
  printf("version %ld\n", config_version);  // no finding: racy read, but the finding goes on the write
  pthread_join(t, NULL);
  return 0;
}

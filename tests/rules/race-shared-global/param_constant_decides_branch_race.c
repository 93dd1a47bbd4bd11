// The racy twin of param_constant_decides_branch.c: the worker closes synchronously too, so
// both threads take the `else` branch of close_client(0) at once.
#include <pthread.h>
#include <stddef.h>

pthread_mutex_t close_lock = PTHREAD_MUTEX_INITIALIZER;
long pending_close;
long closed_now;

static void close_client(int async) {
  if (async) {
    pthread_mutex_lock(&close_lock);
    pending_close++;
    pthread_mutex_unlock(&close_lock);
  } else {
    closed_now++;  // expect: race-shared-global
  }
}

static void *worker(void *arg) {
  (void)arg;
  for (int i = 0; i < 100; ++i)
    close_client(0);
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  for (int i = 0; i < 100; ++i)
    close_client(0);
  pthread_join(t, NULL);
  pthread_mutex_lock(&close_lock);
  long pending = pending_close;
  pthread_mutex_unlock(&close_lock);
  return pending == 0 && closed_now == 200 ? 0 : 1;
}

// A helper whose branch depends on a constant argument: the worker closes clients
// asynchronously (`close_client(1)`: under the lock), the main thread synchronously
// (`close_client(0)`). The worker never takes the `else` branch, so `closed_now` is the main
// thread's alone.
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
    closed_now++;  // no finding: only close_client(0) gets here, which the worker never calls
  }
}

static void *worker(void *arg) {
  (void)arg;
  for (int i = 0; i < 100; ++i)
    close_client(1);
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
  return pending == 100 && closed_now == 100 ? 0 : 1;
}

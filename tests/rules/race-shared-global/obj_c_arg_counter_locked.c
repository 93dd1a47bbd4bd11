// The twin of obj_c_arg_counter_race: the counter and its mutex travel together in a struct on
// main's stack, and every update holds the mutex.
#include <pthread.h>
#include <stdio.h>

struct shared_count {
  pthread_mutex_t lock;
  long value;
};

static void *count_up(void *arg) {
  struct shared_count *c = arg;
  for (int i = 0; i < 100000; ++i) {
    pthread_mutex_lock(&c->lock);
    c->value += 1;
    pthread_mutex_unlock(&c->lock);
  }
  return NULL;
}

int main(void) {
  struct shared_count c = {PTHREAD_MUTEX_INITIALIZER, 0};
  pthread_t a, b;
  pthread_create(&a, NULL, count_up, &c);
  pthread_create(&b, NULL, count_up, &c);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("%ld\n", c.value);
  return 0;
}

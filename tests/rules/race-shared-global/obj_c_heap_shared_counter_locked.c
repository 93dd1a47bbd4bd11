// The twin of obj_c_heap_shared_counter_race: the heap object carries its mutex.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct counter {
  pthread_mutex_t lock;
  long value;
};

static void *bump(void *arg) {
  struct counter *c = arg;
  for (int i = 0; i < 100000; ++i) {
    pthread_mutex_lock(&c->lock);
    c->value++;
    pthread_mutex_unlock(&c->lock);
  }
  return NULL;
}

int main(void) {
  struct counter *c = calloc(1, sizeof *c);
  pthread_mutex_init(&c->lock, NULL);
  pthread_t a, b;
  pthread_create(&a, NULL, bump, c);
  pthread_create(&b, NULL, bump, c);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("%ld\n", c->value);
  pthread_mutex_destroy(&c->lock);
  free(c);
  return 0;
}

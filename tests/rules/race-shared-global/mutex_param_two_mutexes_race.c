// The helper locks whichever mutex it is given; the two threads hand it different mutexes, so the
// increment inside is not mutually excluded at all.
#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t mutex1 = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t mutex2 = PTHREAD_MUTEX_INITIALIZER;
long counter;

static void bump(pthread_mutex_t *m) {
  pthread_mutex_lock(m);
  counter++;  // expect: race-shared-global
  pthread_mutex_unlock(m);
}

static void *first(void *arg) {
  for (int i = 0; i < 100; ++i)
    bump(&mutex1);
  return arg;
}

static void *second(void *arg) {
  for (int i = 0; i < 100; ++i)
    bump(&mutex2);
  return arg;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, first, NULL);
  pthread_create(&b, NULL, second, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  return counter == 200 ? 0 : 1;  // no finding: after the joins
}

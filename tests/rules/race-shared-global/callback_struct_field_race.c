// Each thread gets a listener struct and calls its notify field; both listeners point at the same
// function, which stores to a global without a lock.
#include <pthread.h>
#include <stddef.h>

struct listener {
  int id;
  void (*notify)(int id);
};

static int last_notified;

static void remember(int id) {
  last_notified = id;  // expect: race-shared-global
}

static void *fire(void *arg) {
  struct listener *l = arg;
  for (int i = 0; i < 50; ++i)
    l->notify(l->id);
  return NULL;
}

int main(void) {
  struct listener a = { .id = 1, .notify = remember };
  struct listener b = { .id = 2, .notify = remember };
  pthread_t ta, tb;
  pthread_create(&ta, NULL, fire, &a);
  pthread_create(&tb, NULL, fire, &b);
  pthread_join(ta, NULL);
  pthread_join(tb, NULL);
  return last_notified == 0;  // no finding: after the joins
}

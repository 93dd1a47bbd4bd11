#include <pthread.h>
#include <stddef.h>

static void *work(void *arg) { return arg; }

static void *self_detaching(void *arg) {
  pthread_detach(pthread_self());
  return arg;
}

struct pool { pthread_t ids[4]; };

int main(void) {
  pthread_t a, b, c, d, ids[4];
  pthread_attr_t attr;
  struct pool p;
  pthread_create(&a, NULL, work, NULL);  // no finding: joined
  pthread_join(a, NULL);
  pthread_create(&b, NULL, work, NULL);  // no finding: detached
  pthread_detach(b);
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_create(&c, &attr, work, NULL);  // no finding: created detached
  pthread_create(&d, NULL, self_detaching, NULL);  // no finding: the thread detaches itself
  for (int i = 0; i < 4; ++i)
    pthread_create(&ids[i], NULL, work, NULL);  // no finding: joined in the loop below
  for (int i = 0; i < 4; ++i)
    pthread_join(ids[i], NULL);
  pthread_create(&p.ids[0], NULL, work, NULL);  // no finding: kept in a struct
  pthread_join(p.ids[0], NULL);
  return 0;
}

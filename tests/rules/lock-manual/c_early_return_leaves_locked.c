#include <pthread.h>
#include <stdlib.h>

struct list { int n; int *items; pthread_mutex_t mu; };

int push(struct list *l, int v) {
  pthread_mutex_lock(&l->mu);  // expect: lock-manual(warning)
  int *grown = realloc(l->items, sizeof(int) * (l->n + 1));
  if (!grown)
    return -1;
  l->items = grown;
  l->items[l->n++] = v;
  pthread_mutex_unlock(&l->mu);
  return 0;
}

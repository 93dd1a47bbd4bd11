// Twin of hb_order_phases_joined.c: the builder is joined after the query threads started, so they may read while it writes.
#include <pthread.h>
#include <stdio.h>

long index_entries = 0;

static void *build(void *arg) {
  (void)arg;
  for (int i = 0; i < 1000; i++)
    index_entries++;  // expect: race-shared-global
  return NULL;
}

static void *query(void *arg) {
  printf("query %ld sees %ld entries\n", (long)arg, index_entries);  // no finding: racy read, but the finding goes on the write
  return NULL;
}

int main(void) {
  pthread_t builder, q1, q2;
  pthread_create(&builder, NULL, build, NULL);
  pthread_create(&q1, NULL, query, (void *)1);
  pthread_create(&q2, NULL, query, (void *)2);
  pthread_join(builder, NULL);
  pthread_join(q1, NULL);
  pthread_join(q2, NULL);
  return 0;
}

// Per-thread elements of a global array: each thread gets &args[i] and writes only there; main
// sets them before each start and reads them after each join.
#include <pthread.h>
#include <stdio.h>

#define N 4

struct arg {
  int id;
  int result;
};

static struct arg args[N];

static void *twice(void *p) {
  struct arg *a = p;
  a->result = 2 * a->id;
  return NULL;
}

int main(void) {
  pthread_t t[N];
  int i;
  for (i = 0; i < N; i++) {
    args[i].id = i;
    pthread_create(&t[i], NULL, twice, &args[i]);
  }
  int sum = 0;
  for (i = 0; i < N; i++) {
    pthread_join(t[i], NULL);
    sum += args[i].result;
  }
  printf("%d\n", sum);
  return 0;
}

// Per-thread arguments allocated on the heap in the start loop: each thread gets an object of
// its own, filled before its start; main reads each result after the join.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct task {
  int id;
  long result;
};

static void *run(void *arg) {
  struct task *t = arg;
  t->result = (long)t->id * 10;
  return NULL;
}

int main(void) {
  pthread_t th[4];
  struct task *tasks[4];
  for (int i = 0; i < 4; ++i) {
    struct task *t = malloc(sizeof *t);
    t->id = i;
    t->result = 0;
    tasks[i] = t;
    pthread_create(&th[i], NULL, run, t);
  }
  long sum = 0;
  for (int i = 0; i < 4; ++i) {
    pthread_join(th[i], NULL);
    sum += tasks[i]->result;
    free(tasks[i]);
  }
  printf("%ld\n", sum);
  return 0;
}

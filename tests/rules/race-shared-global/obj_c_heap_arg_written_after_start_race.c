// The twin of obj_c_heap_arg_handover: main sets a field of the heap argument after starting
// the thread that reads it.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct task {
  int id;
  int priority;
};

static void *run(void *arg) {
  struct task *t = arg;
  printf("%d %d\n", t->id, t->priority);
  return NULL;
}

int main(void) {
  pthread_t th[4];
  struct task *tasks[4];
  for (int i = 0; i < 4; ++i) {
    struct task *t = malloc(sizeof *t);
    t->id = i;
    pthread_create(&th[i], NULL, run, t);
    t->priority = 1;  // expect: race-shared-global
    tasks[i] = t;
  }
  for (int i = 0; i < 4; ++i) {
    pthread_join(th[i], NULL);
    free(tasks[i]);
  }
  return 0;
}

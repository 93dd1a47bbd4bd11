// A thread object in the style of an embedded database's portability layer: create stores the task
// pointer and starts it, join waits and frees; main only reads the result after join.
#include <pthread.h>
#include <stdlib.h>

typedef struct TaskThread {
  pthread_t tid;
  void *(*xTask)(void *);
  void *pIn;
} TaskThread;

long merged_runs;

static int task_thread_create(TaskThread **pp, void *(*xTask)(void *), void *pIn) {
  TaskThread *p = malloc(sizeof *p);
  if (!p) return 1;
  p->xTask = xTask;
  p->pIn = pIn;
  *pp = p;
  return pthread_create(&p->tid, NULL, p->xTask, p->pIn);
}

static int task_thread_join(TaskThread *p, void **ppOut) {
  int rc = pthread_join(p->tid, ppOut);
  free(p);
  return rc;
}

static void *merge_runs(void *pIn) {
  merged_runs = (long)pIn * 2;  // no finding: main reads only after task_thread_join
  return pIn;
}

int main(void) {
  TaskThread *t;
  void *out;
  if (task_thread_create(&t, merge_runs, (void *)21)) return 1;
  task_thread_join(t, &out);
  return merged_runs == 42 ? 0 : 1;  // no finding: after the join
}

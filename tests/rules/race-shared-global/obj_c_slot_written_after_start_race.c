// The twin of obj_c_slots_per_thread: main sets its flag in the slot after starting the thread
// that reads it, so the thread may see either value.
#include <pthread.h>
#include <stdio.h>

#define N 4

struct slot {
  int id;
  int verbose;
};

static void *report(void *arg) {
  struct slot *s = arg;
  if (s->verbose)
    printf("thread %d\n", s->id);
  return NULL;
}

int main(void) {
  struct slot slots[N];
  pthread_t t[N];
  for (int i = 0; i < N; ++i) {
    slots[i].id = i;
    pthread_create(&t[i], NULL, report, &slots[i]);
    slots[i].verbose = 1;  // expect: race-shared-global
  }
  for (int i = 0; i < N; ++i)
    pthread_join(t[i], NULL);
  return 0;
}

// The twin of obj_c_slots_per_thread: main sums the results in a loop of its own before the
// join loop, while the threads may still be writing them.
#include <pthread.h>
#include <stdio.h>

#define N 4

struct slot {
  int id;
  long out;
};

static void *square(void *arg) {
  struct slot *s = arg;
  s->out = (long)s->id * s->id;  // expect: race-shared-global
  return NULL;
}

int main(void) {
  struct slot slots[N];
  pthread_t t[N];
  for (int i = 0; i < N; ++i) {
    slots[i].id = i;
    slots[i].out = 0;
    pthread_create(&t[i], NULL, square, &slots[i]);
  }
  long total = 0;
  for (int i = 0; i < N; ++i)
    total += slots[i].out;
  for (int i = 0; i < N; ++i)
    pthread_join(t[i], NULL);
  printf("%ld\n", total);
  return 0;
}

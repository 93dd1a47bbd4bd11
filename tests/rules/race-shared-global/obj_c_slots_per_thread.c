// Each thread gets its own element of a local array: filled before its start, read after its
// join, in the same loop. Elements of different threads are different objects.
#include <pthread.h>
#include <stdio.h>

#define N 4

struct slot {
  int id;
  long out;
};

static void *square(void *arg) {
  struct slot *s = arg;
  s->out = (long)s->id * s->id;
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
  for (int i = 0; i < N; ++i) {
    pthread_join(t[i], NULL);
    total += slots[i].out;
  }
  printf("%ld\n", total);
  return 0;
}

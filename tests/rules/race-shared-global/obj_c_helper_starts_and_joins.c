// A function that starts two threads on its own local and joins them before returning, called
// twice by main: each call has its own local, and each call's threads are joined before the
// next starts. The two threads of one call race with each other.
#include <pthread.h>
#include <stdio.h>

static void *add_one(void *arg) {
  int *v = arg;
  *v = *v + 1;  // expect: race-shared-global
  return NULL;
}

static int run_pair(void) {
  int v = 0;
  pthread_t a, b;
  pthread_create(&a, NULL, add_one, &v);
  pthread_create(&b, NULL, add_one, &v);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  return v;
}

int main(void) {
  printf("%d %d\n", run_pair(), run_pair());
  return 0;
}

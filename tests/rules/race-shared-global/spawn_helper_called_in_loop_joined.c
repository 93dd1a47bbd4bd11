// The race-free twin of spawn_helper_called_in_loop_race.c: the helper joins its worker
// before it returns, so the workers of the loop run one after another.
#include <pthread.h>
#include <stdio.h>

static long handled;

static void *handle(void *arg) {
  (void)arg;
  handled += 1;  // no finding: each worker is joined before the next starts
  return NULL;
}

static void dispatch(void) {
  pthread_t t;
  pthread_create(&t, NULL, handle, NULL);
  pthread_join(t, NULL);
}

int main(void) {
  for (int i = 0; i < 8; ++i)
    dispatch();
  printf("%ld\n", handled);
  return 0;
}

// A flag published and awaited through helpers that take the atomic by pointer
// (`flag_raise(&config_ready)`, `flag_is_up(&config_ready)`): the helpers' release store and
// acquire load are the caller's. Race-free.
// Racy twin: hb_atomic_accessor_pointer_param_race.c (the raising helper stores relaxed).
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

static atomic_int config_ready;
static int max_clients;

static void flag_raise(atomic_int *flag) {
  atomic_store_explicit(flag, 1, memory_order_release);
}

static int flag_is_up(atomic_int *flag) {
  return atomic_load_explicit(flag, memory_order_acquire);
}

static void *configure(void *arg) {
  (void)arg;
  max_clients = 512;
  flag_raise(&config_ready);
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, configure, NULL);
  while (!flag_is_up(&config_ready))
    sched_yield();
  printf("%d\n", max_clients);  // no finding: the helper's acquire load saw the release store
  pthread_join(t, NULL);
  return 0;
}

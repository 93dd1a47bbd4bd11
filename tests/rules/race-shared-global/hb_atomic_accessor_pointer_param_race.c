// Twin of hb_atomic_accessor_pointer_param.c: the helper that raises the flag stores it relaxed,
// which publishes nothing.
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

static atomic_int config_ready;
static int max_clients;

static void flag_raise(atomic_int *flag) {
  atomic_store_explicit(flag, 1, memory_order_relaxed);
}

static int flag_is_up(atomic_int *flag) {
  return atomic_load_explicit(flag, memory_order_acquire);
}

static void *configure(void *arg) {
  (void)arg;
  max_clients = 512;  // expect: race-shared-global
  flag_raise(&config_ready);
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, configure, NULL);
  while (!flag_is_up(&config_ready))
    sched_yield();
  printf("%d\n", max_clients);
  pthread_join(t, NULL);
  return 0;
}

// Twin of hb_atomic_c11_release_acquire.c: the flag is stored with memory_order_relaxed, which publishes nothing.
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

long max_clients = 0;
atomic_int config_ready = 0;

static void *configure(void *arg) {
  (void)arg;
  max_clients = 512;  // expect: race-shared-global
  atomic_store_explicit(&config_ready, 1, memory_order_relaxed);
  return NULL;
}

static void *serve(void *arg) {
  (void)arg;
  while (!atomic_load_explicit(&config_ready, memory_order_acquire))
    sched_yield();
  printf("serving %ld clients\n", max_clients);  // no finding: racy read, but the finding goes on the write
  return NULL;
}

int main(void) {
  pthread_t c, s;
  pthread_create(&s, NULL, serve, NULL);
  pthread_create(&c, NULL, configure, NULL);
  pthread_join(c, NULL);
  pthread_join(s, NULL);
  return 0;
}

// C11: the writer publishes the configuration with atomic_store_explicit(release); the reader spins on atomic_load_explicit(acquire) and then reads it.
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

long max_clients = 0;
atomic_int config_ready = 0;

static void *configure(void *arg) {
  (void)arg;
  max_clients = 512;  // no finding: published by the release store below
  atomic_store_explicit(&config_ready, 1, memory_order_release);
  return NULL;
}

static void *serve(void *arg) {
  (void)arg;
  while (!atomic_load_explicit(&config_ready, memory_order_acquire))
    sched_yield();
  printf("serving %ld clients\n", max_clients);  // no finding: the acquire load saw the release store
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

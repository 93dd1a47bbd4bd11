// pthread_once loads the configuration into two globals; each thread calls it before using them, so both are read after the one load.
#include <pthread.h>
#include <stdio.h>

static pthread_once_t config_once = PTHREAD_ONCE_INIT;
static int max_conns;
static int timeout_ms;
long budget_a = 0;
long budget_b = 0;

static void load_config(void) {
  max_conns = 128;   // no finding: run once, by the first caller of pthread_once
  timeout_ms = 250;  // no finding: run once, by the first caller of pthread_once
}

static long budget(void) {
  pthread_once(&config_once, load_config);
  return (long)max_conns * timeout_ms;  // no finding: after pthread_once
}

static void *client_a(void *arg) {
  (void)arg;
  budget_a = budget();  // no finding: only this thread writes it before main's join
  return NULL;
}

static void *client_b(void *arg) {
  (void)arg;
  budget_b = budget();  // no finding: only this thread writes it before main's join
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, client_a, NULL);
  pthread_create(&b, NULL, client_b, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("%ld %ld\n", budget_a, budget_b);  // no finding: after the joins
  return 0;
}

// Runs count_a and count_b at the same time, then reads both totals after the joins.
#include <pthread.h>
#include <stddef.h>
#include "counters.h"

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, count_a, NULL);
  pthread_create(&b, NULL, count_b, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  return total_a() + total_b() == 200 ? 0 : 1;
}

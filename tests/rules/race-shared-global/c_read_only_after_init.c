// A table filled by main before pthread_create and only read by the threads is no race.
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

int table[4];
int table_size = 0;

static void *sum_table(void *arg) {
  (void)arg;
  intptr_t sum = 0;
  for (int i = 0; i < table_size; ++i)  // no finding: only read once the threads run
    sum += table[i];  // no finding: only read once the threads run
  return (void *)sum;
}

int main(void) {
  for (int i = 0; i < 4; ++i)
    table[i] = i + 1;
  table_size = 4;
  pthread_t a, b;
  pthread_create(&a, NULL, sum_table, NULL);
  pthread_create(&b, NULL, sum_table, NULL);
  void *ra, *rb;
  pthread_join(a, &ra);
  pthread_join(b, &rb);
  return (intptr_t)ra + (intptr_t)rb == 20 ? 0 : 1;
}

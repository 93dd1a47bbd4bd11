// The write holds the lock; the read does not.
#include <omp.h>
#include <stdio.h>
int main(void) {
  omp_lock_t lock;
  omp_init_lock(&lock);
  int balance = 0, big = 0;
  #pragma omp parallel for reduction(+:big)
  for (int i = 0; i < 1000; i++) {
    omp_set_lock(&lock);
    balance += i % 3; // expect: race-openmp
    omp_unset_lock(&lock);
    if (balance > 100)
      big++;
  }
  omp_destroy_lock(&lock);
  printf("%d\n", big >= 0);
  return 0;
}

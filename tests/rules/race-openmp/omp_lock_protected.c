// omp_set_lock/omp_unset_lock around every access.
#include <omp.h>
#include <stdio.h>
int main(void) {
  omp_lock_t lock;
  omp_init_lock(&lock);
  int balance = 0;
  #pragma omp parallel for
  for (int i = 0; i < 1000; i++) {
    omp_set_lock(&lock);
    balance += i % 3;
    omp_unset_lock(&lock);
  }
  omp_destroy_lock(&lock);
  printf("%d\n", balance);
  return 0;
}

// Two critical sections with one name exclude each other.
#include <stdio.h>
int total;
int main(void) {
  #pragma omp parallel for
  for (int i = 0; i < 1000; i++) {
    if (i % 2) {
      #pragma omp critical(totals)
      total += i;
    } else {
      #pragma omp critical(totals)
      total -= 1;
    }
  }
  printf("%d\n", total);
  return 0;
}

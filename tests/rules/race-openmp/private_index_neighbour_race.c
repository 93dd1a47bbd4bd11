// A private index one past the loop variable: iteration i writes the element iteration i + 1
// reads.
#include <stdio.h>
int main(void) {
  static int a[1001];
  for (int i = 0; i < 1001; i++)
    a[i] = i;
  #pragma omp parallel for
  for (int i = 0; i < 1000; i++) {
    int next = i + 1;
    a[next] = a[i] + 1; // expect: race-openmp
  }
  printf("%d\n", a[1000]);
  return 0;
}

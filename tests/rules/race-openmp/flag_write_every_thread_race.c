// Many iterations store to the shared flag: a write-write race even though each stores 1.
#include <stdio.h>
int found;
int main(void) {
  int data[1000];
  for (int i = 0; i < 1000; i++)
    data[i] = i;
  #pragma omp parallel for
  for (int i = 0; i < 1000; i++)
    if (data[i] % 100 == 7)
      found = 1; // expect: race-openmp
  printf("%d\n", found);
  return 0;
}

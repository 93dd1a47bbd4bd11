// lastprivate(last): the value of the sequentially last iteration, copied out after the loop.
#include <stdio.h>
int main(void) {
  int last = -1;
  #pragma omp parallel for lastprivate(last)
  for (int i = 0; i < 1000; i++)
    last = i * 2;
  printf("%d\n", last);
  return 0;
}

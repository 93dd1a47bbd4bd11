// Only thread 0 (by its thread number) records the team's size; nobody else touches it in the
// region.
#include <omp.h>
#include <stdio.h>
int main(void) {
  int team = 0;
  static double part[64];
  #pragma omp parallel num_threads(4)
  {
    int me = omp_get_thread_num();
    if (me == 0)
      team = omp_get_num_threads();
    part[me] = me * 0.5;
  }
  printf("%d %f\n", team, part[3]);
  return 0;
}

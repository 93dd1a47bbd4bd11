// Independent lanes.
#include <stdio.h>
float a[1024], b[1024];
int main(void) {
  for (int i = 0; i < 1024; i++)
    b[i] = (float)i;
  #pragma omp simd
  for (int i = 0; i < 1024; i++)
    a[i] = b[i] * 0.5f;
  printf("%f\n", a[1023]);
  return 0;
}

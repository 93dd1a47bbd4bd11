/* --executor=openmp: independent loops get '#pragma omp parallel for', with the reduction's
   clause, and a dynamic schedule when iterations wait. */
#include <stdio.h>
#include <unistd.h>

long heavy(long x) {
  long s = 0;
  for (long k = 0; k < x * 1000; ++k) s += k % 7;
  return s;
}

void fill(long *restrict out, const long *restrict in, int n) {
  for (int i = 0; i < n; ++i)  // expect-fixed: loop-parallelizable
    out[i] = heavy(in[i]);
}

long total(const long *in, int n) {
  long sum = 0;
  for (int i = 0; i < n; ++i)  // expect-fixed: loop-parallelizable
    sum += heavy(in[i]);
  return sum;
}

/* A floating-point sum stays as it is: the team would add its partial sums in another order
   than the loop's, and the result would differ in its last digits from run to run. */
double mean(const long *in, int n) {
  double sum = 0;
  for (int i = 0; i < n; ++i)
    sum += 1.0 / (double)heavy(in[i]);
  return sum / n;
}

void nap(int *restrict done, int n) {
  for (int i = 0; i < n; ++i) {  // expect-fixed: loop-parallelizable
    usleep(1000);
    done[i] = 1;
  }
}

int main(void) {
  long a[8] = {1, 2, 3, 4, 5, 6, 7, 8}, b[8];
  int done[4];
  fill(b, a, 8);
  nap(done, 4);
  printf("%ld %ld %d %.17g\n", b[7], total(a, 8), done[3], mean(a, 8));
  return 0;
}

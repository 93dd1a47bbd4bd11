/* Fix case (C): a global histogram array updated by two pthreads is not one integral variable,
   so the fix declares `pthread_mutex_t histogram_mutex = PTHREAD_MUTEX_INITIALIZER;` after it
   and brackets each racing statement with pthread_mutex_lock/unlock. */
#include <pthread.h>
#include <stdio.h>

long histogram[8];

static void *tally(void *arg) {
  int step = *(int *)arg;
  for (int i = 0; i < 4000; ++i)
    histogram[(i * step) % 8] += 1;  // expect-fixed: race-shared-global
  return NULL;
}

int main(void) {
  pthread_t a, b;
  int one = 1, three = 3;
  pthread_create(&a, NULL, tally, &one);
  pthread_create(&b, NULL, tally, &three);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  long sum = 0;
  for (int k = 0; k < 8; ++k)
    sum += histogram[k];
  printf("%ld\n", sum);
  return sum == 8000 ? 0 : 1;
}

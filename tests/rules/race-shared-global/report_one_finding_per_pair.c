// One race, written at two statements and read at two others by two threads: one finding (at the first write), the other statements its notes.
#include <pthread.h>
#include <stdio.h>

long hits = 0;
long seen = 0;

static void *counter(void *arg) {
  (void)arg;
  for (int i = 0; i < 1000; i++) {
    hits++;  // expect: race-shared-global
    if (i % 2)
      hits += 2;  // no finding of its own: a note of the one at line 11
  }
  return NULL;
}

static void *sampler(void *arg) {
  (void)arg;
  for (int i = 0; i < 1000; i++) {
    seen += hits;  // no finding of its own: a note of the one at line 11
    if (hits > 500)  // no finding of its own: a note of the one at line 11
      break;
  }
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, counter, NULL);
  pthread_create(&b, NULL, sampler, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("%ld %ld\n", hits, seen);  // no finding: after both joins
  return 0;
}

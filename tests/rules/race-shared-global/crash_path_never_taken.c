// A read on the way to a crash: main dumps the counters before abort() when it finds its state
// corrupt. The worker's increments race with that read only while the program crashes, so the
// finding is low confidence, hidden by default (crash_path_race_low shows it with
// --min-confidence=low).
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

long requests;

static void dump_state(void) {
  fprintf(stderr, "requests=%ld\n", requests);  // no finding: only on the way to abort()
}

static void *worker(void *arg) {
  (void)arg;
  for (int i = 0; i < 1000; ++i)
    requests++;
  return NULL;
}

int main(int argc, char **argv) {
  (void)argv;
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  if (argc > 5) {
    dump_state();
    abort();
  }
  pthread_join(t, NULL);
  return requests == 1000 ? 0 : 1;
}

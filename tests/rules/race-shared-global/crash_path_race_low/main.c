// The program of crash_path_never_taken.c, crashing at once: the read in dump_state() races
// with the worker's increments, and the finding says it happens only on the way to abort()
// (low confidence: shown with --min-confidence=low, as args.txt asks).
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

long requests;

static void dump_state(void) {
  fprintf(stderr, "requests=%ld\n", requests);
}

static void *worker(void *arg) {
  (void)arg;
  for (int i = 0; i < 1000; ++i)
    requests++;  // expect: race-shared-global
  return NULL;
}

int main(int argc, char **argv) {
  (void)argv;
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  struct timespec pause = {0, 100000000};
  nanosleep(&pause, NULL);
  if (argc > 0) {
    dump_state();
    abort();
  }
  pthread_join(t, NULL);
  return 0;
}

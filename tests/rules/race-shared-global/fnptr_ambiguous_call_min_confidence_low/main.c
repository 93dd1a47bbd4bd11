// A thread calls its handlers through an array of function pointers: which handler a call runs is
// not known (the call may run either), so the race on `hits` is reported with low confidence, and
// --min-confidence=low (args.txt) shows it. The default run hides it:
// fnptr_ambiguous_call_hidden_by_default.c.
#include <pthread.h>

long hits, misses;

static void count_hit(void) { hits++; }     // expect: race-shared-global
static void count_miss(void) { misses++; }  // no finding: only the worker counts misses

static void (*const handlers[])(void) = {count_hit, count_miss};

static void *worker(void *arg) {
  for (int i = 0; i < 1000; ++i)
    handlers[i % 2]();
  return arg;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  hits = 0;  // no finding: the other side of the pair (the thread side is primary)
  pthread_join(t, 0);
  return (int)(hits + misses) == 1000 ? 0 : 1;
}

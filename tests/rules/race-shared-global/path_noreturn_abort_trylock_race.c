// Twin of path_noreturn_abort_trylock.c: the compactor locks another mutex, so nothing excludes its write from the writer's update.
#define _DEFAULT_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

pthread_mutex_t journal_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t compact_lock = PTHREAD_MUTEX_INITIALIZER;
long journal_seq = 0;

static void append_or_abort(void) {
  if (pthread_mutex_trylock(&journal_lock) != 0) {
    fputs("journal busy: another writer holds it\n", stderr);
    abort();
  }
  journal_seq++;  // expect: race-shared-global
  pthread_mutex_unlock(&journal_lock);
}

static void *writer(void *arg) {
  (void)arg;
  append_or_abort();
  return NULL;
}

static void *compactor(void *arg) {
  (void)arg;
  usleep(200000);
  pthread_mutex_lock(&compact_lock);
  journal_seq = 0;  // no finding: the pair's other write (both locked, both write): the earlier line is primary
  pthread_mutex_unlock(&compact_lock);
  return NULL;
}

int main(void) {
  pthread_t w, c;
  pthread_create(&w, NULL, writer, NULL);
  pthread_create(&c, NULL, compactor, NULL);
  pthread_join(w, NULL);
  pthread_join(c, NULL);
  printf("%ld\n", journal_seq);  // no finding: after the joins
  return 0;
}

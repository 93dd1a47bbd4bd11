// pthread_mutex_trylock holds the mutex only when it returns 0; its failure branch ends in abort(), so the update after the if runs with the mutex held. (The compactor starts late so that a run never takes the abort branch.)
#define _DEFAULT_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

pthread_mutex_t journal_lock = PTHREAD_MUTEX_INITIALIZER;
long journal_seq = 0;

static void append_or_abort(void) {
  if (pthread_mutex_trylock(&journal_lock) != 0) {
    fputs("journal busy: another writer holds it\n", stderr);
    abort();
  }
  journal_seq++;  // no finding: journal_lock is held; the failure branch ended in abort()
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
  pthread_mutex_lock(&journal_lock);
  journal_seq = 0;  // no finding: under journal_lock
  pthread_mutex_unlock(&journal_lock);
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

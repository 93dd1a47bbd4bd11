// An assert-like CHECK macro: its failure arm calls crash() (not declared noreturn) and then __builtin_unreachable(), so after CHECK(timed join succeeded) the thread is joined.
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <time.h>

#define CHECK(c) ((c) ? (void)0 : (crash(#c, __FILE__, __LINE__), __builtin_unreachable()))

long matches = 0;

static void crash(const char *what, const char *file, int line) {
  fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
  raise(SIGABRT);
}

static struct timespec deadline_in_ms(long ms) {
  struct timespec d;
  clock_gettime(CLOCK_REALTIME, &d);
  d.tv_sec += ms / 1000;
  d.tv_nsec += (ms % 1000) * 1000000L;
  if (d.tv_nsec >= 1000000000L) {
    d.tv_sec++;
    d.tv_nsec -= 1000000000L;
  }
  return d;
}

static void *search(void *arg) {
  (void)arg;
  for (int i = 0; i < 300; i++)
    if (i % 7 == 0)
      matches++;  // no finding: main reads it only after the CHECKed join
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, search, NULL);
  struct timespec deadline = deadline_in_ms(5000);
  CHECK(pthread_timedjoin_np(t, NULL, &deadline) == 0);
  printf("%ld matches\n", matches);  // no finding: past the CHECK, the timed join succeeded
  return 0;
}

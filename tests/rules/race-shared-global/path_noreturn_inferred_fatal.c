// fatal() is not declared noreturn, but every path of it ends in exit(): after the if that calls it on a failed timed join, the thread has been joined.
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

long certificates_loaded = 0;

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

static void fatal(const char *why) {
  perror(why);
  exit(1);
}

static void *load_certificates(void *arg) {
  (void)arg;
  certificates_loaded = 3;  // no finding: main reads it only after a successful timed join
  usleep(200000);
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, load_certificates, NULL);
  struct timespec deadline = deadline_in_ms(5000);
  if (pthread_timedjoin_np(t, NULL, &deadline) != 0)
    fatal("loading certificates");
  printf("%ld certificates\n", certificates_loaded);  // no finding: fatal() never returns
  return 0;
}

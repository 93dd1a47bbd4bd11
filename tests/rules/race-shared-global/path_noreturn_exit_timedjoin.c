// When pthread_timedjoin_np fails, main prints a message and calls exit(): the read after the if is reached only when the timed join succeeded.
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

long digest = 0;

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

static void *hash_file(void *arg) {
  (void)arg;
  digest = 0x1badb002;  // no finding: main reads it only after a successful join
  usleep(300000);  // closing the file
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, hash_file, NULL);
  struct timespec deadline = deadline_in_ms(5000);
  if (pthread_timedjoin_np(t, NULL, &deadline) != 0) {
    fprintf(stderr, "hashing timed out\n");
    exit(2);
  }
  printf("%lx\n", digest);  // no finding: the timeout branch ended in exit()
  return 0;
}

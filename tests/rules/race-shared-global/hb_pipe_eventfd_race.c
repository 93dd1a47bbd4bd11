// Twin of hb_pipe_eventfd.c: the resolver signals the eventfd before it stores the result.
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/eventfd.h>
#include <unistd.h>

int efd;
long resolved_address = 0;

static void *resolver(void *arg) {
  (void)arg;
  uint64_t one = 1;
  if (write(efd, &one, sizeof one) != sizeof one)
    perror("write");
  resolved_address = 0x7f000001;  // expect: race-shared-global
  return NULL;
}

int main(void) {
  pthread_t t;
  uint64_t count;
  efd = eventfd(0, 0);
  pthread_create(&t, NULL, resolver, NULL);
  if (read(efd, &count, sizeof count) == sizeof count)
    printf("%lx\n", resolved_address);  // no finding: racy read, but the finding goes on the write
  pthread_join(t, NULL);
  close(efd);
  return 0;
}

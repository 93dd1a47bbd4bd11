// An eventfd as a hand-off: the worker stores the result and then adds 1 to the eventfd's counter; main's read() of the counter returns only after that write. (ThreadSanitizer orders an eventfd's write before the read that consumes it.)
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
  resolved_address = 0x7f000001;  // no finding: main reads it after its read() consumed the count written below
  uint64_t one = 1;
  if (write(efd, &one, sizeof one) != sizeof one)
    perror("write");
  return NULL;
}

int main(void) {
  pthread_t t;
  uint64_t count;
  efd = eventfd(0, 0);
  pthread_create(&t, NULL, resolver, NULL);
  if (read(efd, &count, sizeof count) == sizeof count)
    printf("%lx\n", resolved_address);  // no finding: after read() returned the resolver's count
  pthread_join(t, NULL);
  close(efd);
  return 0;
}

// A socketpair as a request channel: main writes the request's parameters and then sends a byte; the worker's recv() returns it only after the send. (ThreadSanitizer orders a socket's send before the recv that returns its bytes.)
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

int chan[2];
long page_number = 0;

static void *fetcher(void *arg) {
  (void)arg;
  char cmd;
  if (recv(chan[1], &cmd, 1, 0) == 1)
    printf("fetching page %ld\n", page_number);  // no finding: after recv() returned the byte main sent after its write
  return NULL;
}

int main(void) {
  pthread_t t;
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, chan) != 0)
    return 1;
  pthread_create(&t, NULL, fetcher, NULL);
  page_number = 42;  // no finding: written before the send the fetcher waits for
  if (send(chan[0], "f", 1, 0) != 1)
    perror("send");
  pthread_join(t, NULL);
  close(chan[0]);
  close(chan[1]);
  return 0;
}

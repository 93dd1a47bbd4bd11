// Twin of hb_pipe_socketpair.c: main sends the byte before it writes the page number.
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
    printf("fetching page %ld\n", page_number);  // no finding: racy read, but the finding goes on the write
  return NULL;
}

int main(void) {
  pthread_t t;
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, chan) != 0)
    return 1;
  pthread_create(&t, NULL, fetcher, NULL);
  if (send(chan[0], "f", 1, 0) != 1)
    perror("send");
  page_number = 42;  // expect: race-shared-global
  pthread_join(t, NULL);
  close(chan[0]);
  close(chan[1]);
  return 0;
}

// Twin of hb_pipe_write_read.c: the worker writes the byte into the pipe before its last update of the count.
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

int done_pipe[2];
long files_scanned = 0;

static void *scanner(void *arg) {
  (void)arg;
  char token = 'x';
  if (write(done_pipe[1], &token, 1) != 1)
    perror("write");
  for (int i = 0; i < 25; i++)
    files_scanned++;  // expect: race-shared-global
  return NULL;
}

int main(void) {
  pthread_t t;
  char token;
  if (pipe(done_pipe) != 0)
    return 1;
  pthread_create(&t, NULL, scanner, NULL);
  if (read(done_pipe[0], &token, 1) == 1)
    printf("%ld files\n", files_scanned);  // no finding: racy read, but the finding goes on the write
  pthread_join(t, NULL);
  return 0;
}

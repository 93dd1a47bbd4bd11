// A pipe as a hand-off: the worker writes its result and then a byte into the pipe; main's read() returns that byte only after the write, so the result is read after it was written. (ThreadSanitizer orders a pipe's write before the read that returns its bytes.)
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

int done_pipe[2];
long files_scanned = 0;

static void *scanner(void *arg) {
  (void)arg;
  for (int i = 0; i < 25; i++)
    files_scanned++;  // no finding: main reads it after read() returned the byte written below
  char token = 'x';
  if (write(done_pipe[1], &token, 1) != 1)
    perror("write");
  return NULL;
}

int main(void) {
  pthread_t t;
  char token;
  if (pipe(done_pipe) != 0)
    return 1;
  pthread_create(&t, NULL, scanner, NULL);
  if (read(done_pipe[0], &token, 1) == 1)
    printf("%ld files\n", files_scanned);  // no finding: the byte read was written after the last increment
  pthread_join(t, NULL);
  return 0;
}

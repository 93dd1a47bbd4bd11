// The worker writes to the log pipe, main reads from the done pipe: the two are different channels.
#define _DEFAULT_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

int log_pipe[2];
int done_pipe[2];
long lines = 0;

static void *worker(void *arg) {
  (void)arg;
  char c = 'x';
  if (write(done_pipe[1], &c, 1) != 1)
    perror("write");
  lines = 40;  // expect: race-shared-global
  if (write(log_pipe[1], &c, 1) != 1)
    perror("write");
  return NULL;
}

int main(void) {
  pthread_t t;
  char c;
  if (pipe(log_pipe) != 0 || pipe(done_pipe) != 0)
    return 1;
  pthread_create(&t, NULL, worker, NULL);
  if (read(done_pipe[0], &c, 1) == 1)
    printf("%ld\n", lines);  // no finding: racy read, but the finding goes on the write
  pthread_join(t, NULL);
  return 0;
}

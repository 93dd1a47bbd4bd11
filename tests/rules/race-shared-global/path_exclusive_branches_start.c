// start_logger() is called in both arms of an if/else: only one call runs, so there is one logger thread and nothing else writes lines_logged while it runs.
#include <pthread.h>
#include <stdio.h>

static pthread_t loggers[2];
static int nloggers = 0;
long lines_logged = 0;

static void *log_loop(void *arg) {
  long per_line = (long)arg;
  for (int i = 0; i < 100; i++)
    lines_logged += per_line;  // no finding: only one logger thread is ever started
  return NULL;
}

static void start_logger(long verbosity) {
  pthread_create(&loggers[nloggers++], NULL, log_loop, (void *)verbosity);
}

int main(int argc, char **argv) {
  (void)argv;
  if (argc < 2)
    start_logger(1);
  else
    start_logger(2);
  for (int i = 0; i < nloggers; i++)
    pthread_join(loggers[i], NULL);
  printf("%ld\n", lines_logged);  // no finding: after the joins
  return 0;
}

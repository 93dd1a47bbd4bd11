/* The server: one thread runs the loop. Its before_sleep and fatal never run in the benchmark's
   threads, although the benchmark links the same loop.c. */
#include <stdio.h>
#include <stdlib.h>
#include "loop.h"

static long server_ticks;
static int server_crashes;

static void before_sleep(struct loop *l) {
  server_ticks++;  /* no finding: only the server's main thread runs it */
  if (server_ticks >= 10)
    l->stop = 1;
}

void fatal(const char *why) {
  server_crashes++;  /* no finding: the server's own, on its only thread */
  fprintf(stderr, "server: %s\n", why);
  exit(1);
}

int main(void) {
  struct loop l = {0, 0, before_sleep};
  loop_run(&l);
  printf("%ld %d\n", server_ticks, server_crashes);
  return 0;
}

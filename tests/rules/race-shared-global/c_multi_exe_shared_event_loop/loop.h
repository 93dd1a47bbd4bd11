/* An event loop that two executables link (redis' ae.c: the server and redis-benchmark). */
#pragma once

struct loop {
  int stop;
  int rounds;
  void (*before_sleep)(struct loop *l);
};

void loop_run(struct loop *l);
/* Each executable defines its own. */
void fatal(const char *why);
